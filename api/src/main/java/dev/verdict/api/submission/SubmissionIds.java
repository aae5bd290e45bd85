package dev.verdict.api.submission;

import java.util.UUID;

/**
 * Submission ids: random UUIDs (version 4, 122 bits from a cryptographic generator), so an id
 * reveals nothing, not even when it was made, and cannot be guessed from another. Ids are not time
 * ordered: lists sort by creation time, with the id only breaking ties.
 */
final class SubmissionIds {
  private SubmissionIds() {}

  static String next() {
    return UUID.randomUUID().toString();
  }

  /**
   * Whether {@code id} has the shape of a submission id (ids made earlier, version 7, included).
   */
  static boolean looksValid(String id) {
    return id != null
        && id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }
}
