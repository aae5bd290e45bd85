package dev.verdict.common.codec;

/**
 * A message could not be read: not JSON, an unknown type, or a missing required field. Retrying the
 * same bytes cannot help; such a message belongs in the dead-letter queue.
 */
public final class MessageCodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MessageCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
