package dev.verdict.common.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Lower-case hex SHA-256, the id of every stored file. */
public final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  // why: a copy of one instance, not a look-up among the security providers, which each
  // MessageDigest.getInstance makes again; every file of every task is hashed at least once.
  private static final MessageDigest PROTOTYPE = lookUp();

  private Sha256() {}

  public static String hex(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }

  /** A new SHA-256 digest, for content hashed in parts. */
  public static MessageDigest digest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return lookUp();
    }
  }

  public static boolean isHex(String value) {
    return value != null && HEX.matcher(value).matches();
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
