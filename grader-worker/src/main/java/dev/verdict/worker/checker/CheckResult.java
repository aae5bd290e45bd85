package dev.verdict.worker.checker;

/**
 * A checker's judgement of one output.
 *
 * @param accepted whether the output is right
 * @param message where and how the output differs, for a wrong answer; what failed, for a judge
 *     error; else empty
 * @param judgeError the checker itself failed (a custom validator crashed or misbehaved): not the
 *     contestant's fault, so neither accepted nor a wrong answer
 */
public record CheckResult(boolean accepted, String message, boolean judgeError) {
  private static final CheckResult ACCEPTED = new CheckResult(true, "", false);

  public static CheckResult ok() {
    return ACCEPTED;
  }

  public static CheckResult wrong(String message) {
    return new CheckResult(false, message, false);
  }

  public static CheckResult judgeError(String message) {
    return new CheckResult(false, message, true);
  }
}
