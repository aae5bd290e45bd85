package dev.verdict.common.broker;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes on one channel in confirm mode and completes a future per message when the broker has
 * taken responsibility for it (persisted it, for a durable queue and a persistent message).
 * Thread-safe: publishing is serialised only for the microseconds of handing the frame to the
 * socket; waiting for the confirm happens outside the lock, so one slow confirm never blocks other
 * publishers.
 *
 * <p>Messages are published {@code mandatory}: one that reaches no queue fails its future rather
 * than vanishing.
 */
public final class ConfirmingPublisher implements AutoCloseable {
  private static final String SEQ_HEADER = "verdict-seq";

  private final Channel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final NavigableMap<Long, CompletableFuture<Void>> outstanding =
      new ConcurrentSkipListMap<>();
  private final Set<Long> returned = ConcurrentHashMap.newKeySet();
  private final Duration confirmTimeout;
  private final Timer confirmLatency;

  public ConfirmingPublisher(Connection connection, Duration confirmTimeout) {
    this(connection, confirmTimeout, new MetricRegistry());
  }

  /**
   * @param metrics gets {@code verdict.rabbitmq.confirm}, the time from publish to confirm
   */
  public ConfirmingPublisher(
      Connection connection, Duration confirmTimeout, MetricRegistry metrics) {
    this.confirmTimeout = confirmTimeout;
    this.confirmLatency = metrics.timer("verdict.rabbitmq.confirm");
    try {
      this.channel = connection.createChannel();
      channel.confirmSelect();
    } catch (IOException e) {
      throw new BrokerUnavailableException("cannot open a publishing channel: " + e, e);
    }
    channel.addConfirmListener(
        (tag, multiple) -> settle(tag, multiple, null),
        (tag, multiple) -> settle(tag, multiple, "the broker refused the message (nack)"));
    channel.addReturnListener(
        ret -> {
          Object seq =
              ret.getProperties().getHeaders() == null
                  ? null
                  : ret.getProperties().getHeaders().get(SEQ_HEADER);
          if (seq instanceof Number n) {
            returned.add(n.longValue());
          }
        });
    channel.addShutdownListener(this::failAll);
  }

  /** Publishes to a queue through the default exchange; the future completes on the confirm. */
  public CompletableFuture<Void> publish(String queue, byte[] body, boolean persistent) {
    return publish("", queue, body, persistent, Map.of());
  }

  public CompletableFuture<Void> publish(
      String exchange,
      String routingKey,
      byte[] body,
      boolean persistent,
      Map<String, Object> headers) {
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    long start = System.nanoTime();
    // why: the callback only records a figure; the caller handles the confirm itself.
    var unused =
        confirmed.whenComplete(
            (ok, failure) ->
                confirmLatency.update(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    lock.lock();
    try {
      long seq = channel.getNextPublishSeqNo();
      Map<String, Object> allHeaders = new java.util.HashMap<>(headers);
      allHeaders.put(SEQ_HEADER, seq);
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .deliveryMode(persistent ? 2 : 1)
              .headers(allHeaders)
              .build();
      outstanding.put(seq, confirmed);
      try {
        channel.basicPublish(exchange, routingKey, true, props, body);
      } catch (IOException | ShutdownSignalException e) {
        outstanding.remove(seq);
        confirmed.completeExceptionally(
            new BrokerUnavailableException("cannot publish to " + routingKey + ": " + e, e));
      }
    } finally {
      lock.unlock();
    }
    return confirmed;
  }

  /**
   * Publishes a persistent message to a queue without waiting: the future completes on the confirm,
   * or fails when the broker refuses the message or does not confirm it within the timeout.
   */
  public CompletableFuture<Void> publishConfirmed(String queue, byte[] body) {
    return publish(queue, body, true).orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Publishes and waits for the confirm.
   *
   * @throws BrokerUnavailableException when the broker did not confirm within the timeout
   * @throws PublishRejectedException when the broker refused or could not route the message
   */
  public void publishAndWait(String queue, byte[] body) {
    await(publish(queue, body, true), queue);
  }

  /** Waits for a confirm future returned by {@link #publish}. */
  public void await(CompletableFuture<Void> confirmed, String what) {
    try {
      confirmed.get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException(
          "no publish confirm for " + what + " within " + confirmTimeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnavailableException("interrupted while waiting for a confirm", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new BrokerUnavailableException("publish failed: " + e.getCause(), e.getCause());
    }
  }

  private void settle(long tag, boolean multiple, String nackReason) {
    NavigableMap<Long, CompletableFuture<Void>> settled =
        multiple ? outstanding.headMap(tag, true) : outstanding.subMap(tag, true, tag, true);
    for (var entry : settled.entrySet()) {
      long seq = entry.getKey();
      CompletableFuture<Void> future = entry.getValue();
      if (nackReason != null) {
        future.completeExceptionally(new PublishRejectedException(nackReason));
      } else if (returned.remove(seq)) {
        future.completeExceptionally(
            new PublishRejectedException(
                "the message reached no queue (is the topology declared?)"));
      } else {
        future.complete(null);
      }
    }
    settled.clear();
  }

  private void failAll(ShutdownSignalException cause) {
    var pending = outstanding.entrySet().iterator();
    while (pending.hasNext()) {
      var entry = pending.next();
      entry
          .getValue()
          .completeExceptionally(
              new BrokerUnavailableException("channel closed before the confirm: " + cause, cause));
      pending.remove();
    }
    returned.clear();
  }

  @Override
  public void close() {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      // why: closing during shutdown; the connection going away closes the channel anyway.
    }
  }
}
