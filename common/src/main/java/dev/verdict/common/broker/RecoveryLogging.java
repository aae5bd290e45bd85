package dev.verdict.common.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.TopologyRecoveryException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a connection's failed recovery attempts once, at WARN, with the reason, instead of the
 * client's ERROR with a stack trace for every attempt, channel, queue and consumer.
 *
 * <p>While the broker restarts, each reconnection attempt (one a second) fails until it is back,
 * and a channel or consumer can fail to come back on the first attempt after that (a quorum queue
 * whose leader is not yet elected). They all say one thing: the broker is or was away. So the first
 * failure of an outage is logged with its reason, later ones at DEBUG, and a completed recovery is
 * logged at INFO and re-arms the warning for the next outage.
 */
final class RecoveryLogging extends ForgivingExceptionHandler implements RecoveryListener {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryLogging.class);

  private final String clientName;
  private final AtomicBoolean warned = new AtomicBoolean();

  RecoveryLogging(String clientName) {
    this.clientName = clientName;
  }

  @Override
  public void handleConnectionRecoveryException(Connection conn, Throwable exception) {
    failed("the connection", exception);
  }

  @Override
  public void handleChannelRecoveryException(Channel ch, Throwable exception) {
    failed("channel " + ch.getChannelNumber(), exception);
  }

  @Override
  public void handleTopologyRecoveryException(
      Connection conn, Channel ch, TopologyRecoveryException exception) {
    failed("its queues and consumers", exception);
  }

  private void failed(String what, Throwable exception) {
    String reason = reason(exception);
    if (warned.compareAndSet(false, true)) {
      LOG.warn(
          "RabbitMQ connection {} could not recover {} ({}); further failures at DEBUG until it"
              + " recovers",
          clientName,
          what,
          reason);
    } else {
      LOG.debug("RabbitMQ connection {} could not recover {}: {}", clientName, what, reason);
    }
  }

  /** The innermost message: what the broker or the socket said. */
  static String reason(Throwable exception) {
    Throwable cause = exception;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public void handleRecovery(Recoverable recoverable) {
    if (warned.getAndSet(false)) {
      LOG.info("RabbitMQ connection {} recovered", clientName);
    }
  }

  @Override
  public void handleRecoveryStarted(Recoverable recoverable) {
    // why: nothing to say yet; a failure or the recovery itself is logged.
  }
}
