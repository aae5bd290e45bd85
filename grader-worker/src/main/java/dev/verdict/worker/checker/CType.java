package dev.verdict.worker.checker;

/**
 * The character classes of C's {@code <ctype.h>} in the "C" locale, which is what the ICPC/Kattis
 * default output validator uses. Only ASCII bytes have a class; every byte from 0x80 up is an
 * ordinary, caseless character.
 */
final class CType {
  private CType() {}

  /** Space, tab, line feed, vertical tab, form feed or carriage return. */
  static boolean isSpace(int b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }

  /** The byte with ASCII {@code A}-{@code Z} mapped to {@code a}-{@code z}. */
  static int toLower(int b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  /** The index of the first byte at or after {@code from} that is not a space. */
  static int skipSpace(byte[] b, int from) {
    int i = from;
    while (i < b.length && isSpace(b[i])) {
      i++;
    }
    return i;
  }

  /** The index of the first space at or after {@code from}, or the length. */
  static int skipNonSpace(byte[] b, int from) {
    int i = from;
    while (i < b.length && !isSpace(b[i])) {
      i++;
    }
    return i;
  }
}
