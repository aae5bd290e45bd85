package dev.verdict.worker.checker;

import java.nio.charset.StandardCharsets;

/**
 * Reads a token as a floating-point number the way the ICPC/Kattis default output validator does:
 * the whole token must be what C's {@code strtod} accepts, and the value must be finite.
 *
 * <p>That is an optional sign, then either decimal digits with an optional point and an optional
 * {@code e} exponent ({@code 12}, {@code 1.}, {@code .5}, {@code 3.14e-2}), or {@code 0x} and hex
 * digits with an optional point and an optional {@code p} exponent ({@code 0x1.8p3}). Infinities,
 * NaNs and values that overflow a double are not numbers: such tokens are compared as strings.
 */
final class FloatToken {
  private FloatToken() {}

  /** The value of {@code b[from..to)}, or NaN if the token is not a finite number. */
  static double valueOf(byte[] b, int from, int to) {
    int i = from;
    if (i < to && isSign(b[i])) {
      i++;
    }
    boolean hex = to - i >= 2 && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X');
    int mantissaEnd = hex ? digitsEnd(b, i + 2, to, true) : digitsEnd(b, i, to, false);
    if (mantissaEnd < 0) {
      return Double.NaN;
    }
    boolean exponent = mantissaEnd < to && isExponentMark(b[mantissaEnd], hex);
    int end = exponent ? exponentEnd(b, mantissaEnd + 1, to) : mantissaEnd;
    if (end != to) {
      return Double.NaN;
    }
    String text = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    // why: Java requires the binary exponent of a hex literal, C does not.
    double value = Double.parseDouble(hex && !exponent ? text + "p0" : text);
    return Double.isInfinite(value) ? Double.NaN : value;
  }

  /** The end of digits, an optional point and more digits, at least one digit in all; else -1. */
  private static int digitsEnd(byte[] b, int from, int to, boolean hex) {
    int i = from;
    int digits = 0;
    while (i < to && isDigit(b[i], hex)) {
      i++;
      digits++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && isDigit(b[i], hex)) {
        i++;
        digits++;
      }
    }
    return digits == 0 ? -1 : i;
  }

  /** The end of an optional sign and at least one decimal digit; else -1. */
  private static int exponentEnd(byte[] b, int from, int to) {
    int i = from < to && isSign(b[from]) ? from + 1 : from;
    int start = i;
    while (i < to && isDigit(b[i], false)) {
      i++;
    }
    return i == start ? -1 : i;
  }

  private static boolean isSign(byte c) {
    return c == '+' || c == '-';
  }

  private static boolean isExponentMark(byte c, boolean hex) {
    return hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E';
  }

  private static boolean isDigit(byte c, boolean hex) {
    return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
  }
}
