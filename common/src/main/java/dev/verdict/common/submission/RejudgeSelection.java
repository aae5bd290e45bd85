package dev.verdict.common.submission;

/**
 * Which submissions of one problem a rejudge takes: all of them, or only those whose current
 * verdict is {@code verdict}.
 *
 * @param problemId the problem
 * @param verdict only submissions with this verdict; null: every one
 */
public record RejudgeSelection(String problemId, String verdict) {
  public RejudgeSelection {
    if (problemId == null || problemId.isEmpty()) {
      throw new IllegalArgumentException("a rejudge selection needs a problem");
    }
  }
}
