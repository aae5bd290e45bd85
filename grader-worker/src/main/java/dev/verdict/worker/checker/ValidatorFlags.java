package dev.verdict.worker.checker;

import java.util.List;

/**
 * The flags of the ICPC/Kattis default output validator ({@code validator_flags} in problem.yaml).
 *
 * @param caseSensitive compare letters case-sensitively (default: insensitive)
 * @param spaceChangeSensitive whitespace must match exactly (default: any run of whitespace
 *     separates tokens)
 * @param absoluteTolerance accept numbers within this absolute error, or negative for none
 * @param relativeTolerance accept numbers within this relative error, or negative for none
 */
public record ValidatorFlags(
    boolean caseSensitive,
    boolean spaceChangeSensitive,
    double absoluteTolerance,
    double relativeTolerance) {

  public static final ValidatorFlags DEFAULT = new ValidatorFlags(false, false, -1, -1);

  public boolean floats() {
    return absoluteTolerance >= 0 || relativeTolerance >= 0;
  }

  /**
   * @throws IllegalArgumentException naming the flag that is unknown or lacks its number
   */
  public static ValidatorFlags parse(List<String> flags) {
    boolean caseSensitive = false;
    boolean spaceChange = false;
    double abs = -1;
    double rel = -1;
    for (int i = 0; i < flags.size(); i++) {
      String flag = flags.get(i);
      switch (flag) {
        case "case_sensitive" -> caseSensitive = true;
        case "space_change_sensitive" -> spaceChange = true;
        case "float_tolerance" -> {
          abs = number(flags, ++i, flag);
          rel = abs;
        }
        case "float_absolute_tolerance" -> abs = number(flags, ++i, flag);
        case "float_relative_tolerance" -> rel = number(flags, ++i, flag);
        default -> throw new IllegalArgumentException("unknown validator flag " + flag);
      }
    }
    return new ValidatorFlags(caseSensitive, spaceChange, abs, rel);
  }

  private static double number(List<String> flags, int index, String flag) {
    if (index >= flags.size()) {
      throw new IllegalArgumentException(flag + " needs a number");
    }
    try {
      double value = Double.parseDouble(flags.get(index));
      if (!(value >= 0)) {
        throw new IllegalArgumentException(flag + " must be a non-negative number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number, got " + flags.get(index), e);
    }
  }
}
