package dev.verdict.loadgen.client;

/**
 * What load-gen reads of {@code GET /api/v1/submissions/{id}}.
 *
 * @param status QUEUED, RUNNING or DONE
 * @param verdict the final verdict once DONE, else null
 * @param tests how many test results the answer holds so far
 * @param createdAtMillis the server's creation time (epoch ms), or 0 if absent
 * @param finishedAtMillis the server's completion time (epoch ms), or 0 if absent
 * @param revision the server's name for what this answer shows, for a long poll; null when the
 *     server does not offer long polls
 */
public record StatusView(
    String status,
    String verdict,
    Integer score,
    Integer maxScore,
    int tests,
    long createdAtMillis,
    long finishedAtMillis,
    String revision) {

  public boolean done() {
    return "DONE".equals(status);
  }

  /** The first sign of grading progress: a test result, or the end. */
  public boolean hasResult() {
    return tests > 0 || done();
  }
}
