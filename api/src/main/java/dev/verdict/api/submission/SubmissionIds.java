package dev.verdict.api.submission;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Submission ids: UUID version 7 (RFC 9562), time-ordered so ids sort by arrival, with 74 random
 * bits so they cannot be guessed.
 */
final class SubmissionIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SubmissionIds() {}

  static String next() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextLong();
    long randB = RANDOM.nextLong();
    long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
    long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  static boolean looksValid(String id) {
    return id != null
        && id.matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }
}
