package dev.verdict.common.message;

/** The rule for names of submitted files: a plain file name, nothing that could be a path. */
public final class SourceFileNames {
  public static final int MAX_LENGTH = 128;

  private SourceFileNames() {}

  /** Why {@code name} is not acceptable, or null when it is. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    if (name.equals(".") || name.equals("..")) {
      return "must be a file name, not '" + name + "'";
    }
    if (name.startsWith(".")) {
      return "must not start with '.'";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return "must be a plain file name without '/' or '\\'";
      }
      if (c < 0x20 || c == 0x7f) {
        return "must not contain control characters";
      }
    }
    if (!name.matches("[A-Za-z0-9_.+-]+")) {
      return "may contain only letters, digits, '_', '.', '+' and '-'";
    }
    return null;
  }
}
