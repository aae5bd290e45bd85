package dev.verdict.common.blob;

/** No file with this SHA-256 is stored. */
public final class BlobNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BlobNotFoundException(String sha256) {
    super("no stored file with sha256 " + sha256);
  }
}
