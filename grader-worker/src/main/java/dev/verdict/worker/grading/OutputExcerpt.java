package dev.verdict.worker.grading;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The start of what a program wrote, as a result carries it: at most a configured number of bytes,
 * cut at a UTF-8 character boundary, and saying when it was cut, so that a reader never takes an
 * excerpt for the whole output. Output that is not UTF-8 is shown as Jobe shows it, every byte but
 * printable ASCII, newline, return and tab written {@code \xNN}, so that no byte is lost to a
 * replacement character and a Jobe client sees what Jobe would show.
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
      return text(output, output.length);
    }
    int end = limit;
    for (int n = 0; n < MAX_CONTINUATION && end > 0 && isContinuation(output[end]); n++) {
      end--;
    }
    return text(output, end) + "\n[... the first " + end + " of " + output.length + " bytes]";
  }

  /** The first {@code length} bytes of {@code output} as UTF-8, else escaped as Jobe does. */
  static String text(byte[] output, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(output, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      StringBuilder escaped = new StringBuilder(length + 16);
      for (int i = 0; i < length; i++) {
        int b = output[i] & 0xff;
        if ((b < ' ' && b != '\n' && b != '\r' && b != '\t') || b > 0x7e) {
          escaped.append("\\x").append(HexFormat.of().toHexDigits((byte) b));
        } else {
          escaped.append((char) b);
        }
      }
      return escaped.toString();
    }
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
