package dev.verdict.common.submission;

/**
 * Which submissions to list, newest first. Null fields do not filter.
 *
 * @param owner only this token name's submissions
 * @param problemId only submissions of this problem
 * @param verdict only finished submissions with this verdict
 * @param createdFrom only submissions created at or after this epoch millisecond
 * @param createdBefore only submissions created before this epoch millisecond
 * @param after continue after this submission of an earlier page (its creation time and id)
 * @param limit at most this many
 */
public record SubmissionQuery(
    String owner,
    String problemId,
    String verdict,
    Long createdFrom,
    Long createdBefore,
    Position after,
    int limit) {

  /** A place in the newest-first order: a submission's creation time and id. */
  public record Position(long createdAt, String id) {}

  public SubmissionQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
