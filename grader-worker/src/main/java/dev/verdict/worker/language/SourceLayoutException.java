package dev.verdict.worker.language;

/**
 * The submitted files do not fit the language's naming rules (no source file, no way to tell the
 * entry point). The submitter's mistake: graded as a compilation error with this message.
 */
public final class SourceLayoutException extends Exception {
  private static final long serialVersionUID = 1L;

  public SourceLayoutException(String message) {
    super(message);
  }
}
