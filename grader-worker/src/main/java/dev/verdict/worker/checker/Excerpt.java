package dev.verdict.worker.checker;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Short, quoted renderings of output bytes for checker messages; tokens can be megabytes. */
final class Excerpt {
  /** How many bytes of a long token a message shows. */
  static final int LIMIT = 30;

  /** How many bytes before the first difference a message shows. */
  private static final int CONTEXT = 10;

  /** why: replacing only a few bytes by "..." would hide them for nothing. */
  private static final int SLACK = 5;

  /** why: a UTF-8 character has at most three continuation bytes. */
  private static final int MAX_CONTINUATION = 3;

  private Excerpt() {}

  /** {@code b[from..to)} in quotes, cut after about {@link #LIMIT} bytes. */
  static String quote(byte[] b, int from, int to) {
    return quote(b, from, to, from);
  }

  /**
   * {@code b[from..to)} in quotes; if long, the part starting a little before index {@code at},
   * where it differs from what it is compared with.
   */
  static String quote(byte[] b, int from, int to, int at) {
    int start = from;
    int end = to;
    if (to - from > LIMIT + SLACK) {
      start = Math.max(from, Math.min(at, to) - CONTEXT);
      for (int n = 0; n < MAX_CONTINUATION && start > from && isContinuation(b[start]); n++) {
        start--;
      }
      if (to - start > LIMIT + SLACK) {
        end = start + LIMIT;
        for (int n = 0; n < MAX_CONTINUATION && end < to && isContinuation(b[end]); n++) {
          end++;
        }
      }
    }
    String text = escapeControls(new String(b, start, end - start, StandardCharsets.UTF_8));
    return "'" + (start > from ? "..." : "") + text + (end < to ? "..." : "") + "'";
  }

  /** A byte, or -1 for the end, in words: {@code newline}, {@code 'x'}, {@code byte 0x00}. */
  static String describe(int b) {
    return switch (b) {
      case -1 -> "end of output";
      case ' ' -> "space";
      case '\n' -> "newline";
      case '\r' -> "carriage return";
      case '\t' -> "tab";
      case 0x0b -> "vertical tab";
      case '\f' -> "form feed";
      default ->
          b > ' ' && b < 0x7f
              ? "'" + (char) b + "'"
              : String.format(Locale.ROOT, "byte 0x%02x", b & 0xff);
    };
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xc0) == 0x80;
  }

  private static String escapeControls(String text) {
    if (text.chars().noneMatch(c -> c < ' ' || c == 0x7f)) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    text.chars()
        .forEach(
            c -> {
              if (c < ' ' || c == 0x7f) {
                escaped.append(String.format(Locale.ROOT, "\\x%02x", c));
              } else {
                escaped.append((char) c);
              }
            });
    return escaped.toString();
  }
}
