package dev.verdict.common.broker;

/** RabbitMQ could not be reached or did not confirm in time. Retrying later may help. */
public final class BrokerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
