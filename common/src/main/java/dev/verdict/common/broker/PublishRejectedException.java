package dev.verdict.common.broker;

/**
 * The broker refused a message: negatively acknowledged it, or could not route it to any queue.
 * Retrying the same publish usually does not help until the topology or the broker is fixed.
 */
public final class PublishRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublishRejectedException(String message) {
    super(message);
  }
}
