package dev.verdict.api.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Clear tokens and their hashes. A token is {@code vd_} and 256 random bits in URL-safe Base64;
 * only its SHA-256 is stored. A slow password hash would buy nothing here: the secret is random and
 * as long as the hash, so there is no dictionary to try, and every request must check one.
 */
public final class TokenSecrets {
  public static final String PREFIX = "vd_";
  private static final int RANDOM_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  /** A new clear token. */
  public static String newToken() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new public id for a token: 64 random bits, safe to show and log. */
  public static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "tok_" + HexFormat.of().formatHex(bytes);
  }

  /** Whether {@code token} has the shape of a token, so a malformed one costs no lookup. */
  public static boolean wellFormed(String token) {
    return token != null
        && token.length() == PREFIX.length() + 43
        && token.startsWith(PREFIX)
        && token.substring(PREFIX.length()).matches("[A-Za-z0-9_-]{43}");
  }

  /** The stored form of {@code token}: its SHA-256 in hex. */
  public static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
