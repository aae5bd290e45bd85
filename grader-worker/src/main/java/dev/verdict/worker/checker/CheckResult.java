package dev.verdict.worker.checker;

/**
 * A checker's judgement of one output.
 *
 * @param accepted whether the output is right
 * @param message where and how the output differs, for a wrong answer; what failed, for a judge
 *     error; else empty
 * @param judgeError the checker itself failed (a custom validator crashed or misbehaved): not the
 *     contestant's fault, so neither accepted nor a wrong answer
 * @param score the number a validator wrote to {@code score.txt}, or null
 * @param scoreMultiplier the number a validator wrote to {@code score_multiplier.txt}, or null
 */
public record CheckResult(
    boolean accepted, String message, boolean judgeError, Double score, Double scoreMultiplier) {
  private static final CheckResult ACCEPTED = new CheckResult(true, "", false, null, null);

  public CheckResult(boolean accepted, String message, boolean judgeError) {
    this(accepted, message, judgeError, null, null);
  }

  public static CheckResult ok() {
    return ACCEPTED;
  }

  /** Accepted, with the score files the validator wrote (either may be null). */
  public static CheckResult scored(String message, Double score, Double scoreMultiplier) {
    return new CheckResult(true, message, false, score, scoreMultiplier);
  }

  /** Rejected, with the score the validator wrote (legacy packages score rejected tests too). */
  public static CheckResult wrongScored(String message, double score) {
    return new CheckResult(false, message, false, score, null);
  }

  public static CheckResult wrong(String message) {
    return new CheckResult(false, message, false);
  }

  public static CheckResult judgeError(String message) {
    return new CheckResult(false, message, true);
  }
}
