package dev.verdict.api.access;

/** The rule for token names (user names): what can be shown, logged and filtered by safely. */
public final class TokenNames {
  private TokenNames() {}

  /** Why {@code name} is not acceptable, or null when it is. */
  public static String problem(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")) {
      return "must be 1..64 letters, digits, '.', '_', '@', '+' or '-', starting with a letter or"
          + " digit";
    }
    return null;
  }
}
