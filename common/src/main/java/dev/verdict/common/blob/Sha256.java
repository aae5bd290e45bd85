package dev.verdict.common.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex SHA-256, the id of every stored file. */
public final class Sha256 {
  private Sha256() {}

  public static String hex(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static boolean isHex(String value) {
    return value != null && value.matches("[0-9a-f]{64}");
  }
}
