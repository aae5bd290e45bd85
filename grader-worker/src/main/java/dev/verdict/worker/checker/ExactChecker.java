package dev.verdict.worker.checker;

import java.util.Arrays;

/**
 * Byte-for-byte comparison, except that whitespace at the end of each line and blank lines at the
 * end of the output are ignored (so a missing final newline is not a wrong answer). Whitespace is
 * C's: space, tab, vertical tab, form feed and carriage return (so CRLF line ends are fine).
 */
public final class ExactChecker implements Checker {

  @Override
  public CheckResult check(byte[] input, byte[] answer, byte[] output) {
    int answerEnd = contentEnd(answer);
    int outputEnd = contentEnd(output);
    int a = 0;
    int o = 0;
    for (int line = 1; a < answerEnd && o < outputEnd; line++) {
      int aEnd = lineEnd(answer, a, answerEnd);
      int oEnd = lineEnd(output, o, outputEnd);
      int aText = stripTrailing(answer, a, aEnd);
      int oText = stripTrailing(output, o, oEnd);
      int at = Arrays.mismatch(answer, a, aText, output, o, oText);
      if (at >= 0) {
        return CheckResult.wrong(
            "line "
                + line
                + ": expected "
                + Excerpt.quote(answer, a, aText, a + at)
                + ", got "
                + Excerpt.quote(output, o, oText, o + at));
      }
      a = aEnd + 1;
      o = oEnd + 1;
    }
    if (a < answerEnd || o < outputEnd) {
      return CheckResult.wrong(
          "expected " + lines(answer, answerEnd) + ", got " + lines(output, outputEnd));
    }
    return CheckResult.ok();
  }

  /** The end of the content once trailing whitespace and blank lines are dropped. */
  private static int contentEnd(byte[] b) {
    int end = b.length;
    while (end > 0 && CType.isSpace(b[end - 1])) {
      end--;
    }
    return end;
  }

  /** The index of the newline ending the line that starts at {@code from}, or {@code end}. */
  private static int lineEnd(byte[] b, int from, int end) {
    int i = from;
    while (i < end && b[i] != '\n') {
      i++;
    }
    return i;
  }

  private static int stripTrailing(byte[] b, int from, int to) {
    int end = to;
    while (end > from && CType.isSpace(b[end - 1])) {
      end--;
    }
    return end;
  }

  /** How many lines {@code b[0..end)} has, in words: {@code 0 lines}, {@code 1 line}. */
  private static String lines(byte[] b, int end) {
    int lines = end == 0 ? 0 : 1;
    for (int i = 0; i < end; i++) {
      if (b[i] == '\n') {
        lines++;
      }
    }
    return lines + (lines == 1 ? " line" : " lines");
  }
}
