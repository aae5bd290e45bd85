package dev.verdict.worker.checker;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The flags of the ICPC/Kattis default output validator ({@code validator_flags} in problem.yaml).
 *
 * @param caseSensitive compare letters case-sensitively (default: ASCII letters match either case)
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

  /** Whether answer tokens that are numbers are compared as numbers. */
  public boolean floats() {
    return absoluteTolerance >= 0 || relativeTolerance >= 0;
  }

  /**
   * Reads flags as problemtools' default validator does: in order, a later tolerance replacing an
   * earlier one, {@code float_tolerance ε} setting both. Numbers are read as in output, so {@code
   * 1e-6} is fine and {@code inf} is not.
   *
   * @throws IllegalArgumentException naming the flag that is unknown, lacks its number or has a
   *     negative one
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
        default -> throw new IllegalArgumentException("unknown validator flag '" + flag + "'");
      }
    }
    return new ValidatorFlags(caseSensitive, spaceChange, abs, rel);
  }

  private static double number(List<String> flags, int index, String flag) {
    if (index >= flags.size()) {
      throw new IllegalArgumentException(flag + " needs a number");
    }
    String text = flags.get(index);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    double value = FloatToken.valueOf(bytes, 0, bytes.length);
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException(flag + " needs a finite number, got '" + text + "'");
    }
    // why: problemtools reads a negative tolerance as none; here it is more likely a typo.
    if (value < 0) {
      throw new IllegalArgumentException(flag + " must be >= 0, was " + text);
    }
    return value;
  }
}
