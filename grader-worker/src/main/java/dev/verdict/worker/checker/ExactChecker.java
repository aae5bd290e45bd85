package dev.verdict.worker.checker;

import java.nio.charset.StandardCharsets;

/**
 * Byte-for-byte comparison, except that whitespace at the end of each line and blank lines at the
 * end of the output are ignored (so a missing final newline is not a wrong answer).
 */
public final class ExactChecker implements Checker {

  @Override
  public CheckResult check(byte[] input, byte[] answer, byte[] output) {
    String[] expected = lines(answer);
    String[] actual = lines(output);
    int common = Math.min(expected.length, actual.length);
    for (int i = 0; i < common; i++) {
      if (!expected[i].equals(actual[i])) {
        return CheckResult.wrong("line " + (i + 1) + " differs");
      }
    }
    if (expected.length != actual.length) {
      return CheckResult.wrong("expected " + expected.length + " lines, got " + actual.length);
    }
    return CheckResult.ok();
  }

  private static String[] lines(byte[] content) {
    String text = new String(content, StandardCharsets.ISO_8859_1).stripTrailing();
    if (text.isEmpty()) {
      return new String[0];
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      lines[i] = lines[i].stripTrailing();
    }
    return lines;
  }
}
