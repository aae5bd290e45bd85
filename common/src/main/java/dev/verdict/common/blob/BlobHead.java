package dev.verdict.common.blob;

/**
 * The start of a stored file and its whole length.
 *
 * @param bytes the first bytes of the content, at most as many as asked for
 * @param length the length of the whole content
 */
public record BlobHead(byte[] bytes, long length) {

  /** Whether {@link #bytes} is less than the whole content. */
  public boolean truncated() {
    return bytes.length < length;
  }
}
