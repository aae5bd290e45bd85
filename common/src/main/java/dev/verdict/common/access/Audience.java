package dev.verdict.common.access;

/**
 * Who a result is shown to, and the problem's own disclosure options.
 *
 * @param role the reader's role
 * @param namesFirstFailingSecretTest the problem's option to tell submitters the name of the first
 *     secret test they failed
 * @param compileOutputChars at most this much of the compiler's output is shown to submitters
 * @param ownsTests every test is the submitter's own (an ad-hoc run brought its inputs), so none is
 *     secret
 */
public record Audience(
    Role role, boolean namesFirstFailingSecretTest, int compileOutputChars, boolean ownsTests) {

  /** The audience of a stored problem's submission, whose tests are the problem's. */
  public Audience(Role role, boolean namesFirstFailingSecretTest, int compileOutputChars) {
    this(role, namesFirstFailingSecretTest, compileOutputChars, false);
  }

  public Audience {
    if (role == null) {
      throw new IllegalArgumentException("role is required");
    }
    if (compileOutputChars < 0) {
      throw new IllegalArgumentException(
          "compileOutputChars must be 0 or more, was " + compileOutputChars);
    }
  }
}
