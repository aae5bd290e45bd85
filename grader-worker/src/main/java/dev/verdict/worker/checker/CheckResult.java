package dev.verdict.worker.checker;

/**
 * A checker's judgement of one output.
 *
 * @param message where and how the output differs, for a wrong answer; else empty
 */
public record CheckResult(boolean accepted, String message) {
  private static final CheckResult ACCEPTED = new CheckResult(true, "");

  public static CheckResult ok() {
    return ACCEPTED;
  }

  public static CheckResult wrong(String message) {
    return new CheckResult(false, message);
  }
}
