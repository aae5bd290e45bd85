package dev.verdict.worker.grading;

import java.nio.charset.StandardCharsets;

/**
 * The start of what a program wrote, as a result carries it: at most a configured number of bytes,
 * cut at a UTF-8 character boundary, and saying when it was cut, so that a reader never takes an
 * excerpt for the whole output.
 */
final class OutputExcerpt {
  /** why: a UTF-8 character has at most three continuation bytes. */
  private static final int MAX_CONTINUATION = 3;

  private OutputExcerpt() {}

  /**
   * @param output what the program wrote (already capped by the run's output limit)
   * @param limit how many bytes to keep; 0 keeps none
   * @return the excerpt, or null when there is nothing to show
   */
  static String of(byte[] output, int limit) {
    if (output == null || output.length == 0 || limit <= 0) {
      return null;
    }
    if (output.length <= limit) {
      return new String(output, StandardCharsets.UTF_8);
    }
    int end = limit;
    for (int n = 0; n < MAX_CONTINUATION && end > 0 && isContinuation(output[end]); n++) {
      end--;
    }
    return new String(output, 0, end, StandardCharsets.UTF_8)
        + "\n[... the first "
        + end
        + " of "
        + output.length
        + " bytes]";
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
