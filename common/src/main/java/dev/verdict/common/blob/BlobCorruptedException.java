package dev.verdict.common.blob;

/** A stored file's content no longer matches its SHA-256 id. Retrying will not help. */
public final class BlobCorruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BlobCorruptedException(String message) {
    super(message);
  }

  public BlobCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
