package dev.verdict.common.problem;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of package files and names (and of an ad-hoc run's inputs): malformed bytes
 * are refused, not replaced.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * @throws CharacterCodingException when the bytes are not UTF-8
   */
  public static String strict(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /**
   * @throws ProblemPackageException naming the file when its content is not UTF-8 text
   */
  static String decode(String path, byte[] content) {
    try {
      return strict(content);
    } catch (CharacterCodingException e) {
      throw ProblemPackageException.inFile(path, "is not valid UTF-8 text", e);
    }
  }
}
