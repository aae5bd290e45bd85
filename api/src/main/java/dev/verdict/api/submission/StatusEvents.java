package dev.verdict.api.submission;

import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.status.StatusStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Wakes requests waiting for a submission to change. One Redis subscription per API process on the
 * status store's channel; each announced change completes the futures of the requests waiting for
 * that submission. If the subscription drops, waiting requests simply run into their time-out and
 * answer with the current state; it is re-established in the background.
 */
final class StatusEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusEvents.class);

  private final RedisConfig config;
  private final StatusStore status;
  private final Map<String, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
  private final Thread subscriber;
  private volatile JedisPubSub subscription;
  private volatile boolean closed;

  StatusEvents(RedisConfig config, StatusStore status) {
    this.config = config;
    this.status = status;
    this.subscriber = Thread.ofPlatform().daemon().name("status-events").start(this::subscribe);
  }

  /** A future completed at the next announced change of the submission. */
  CompletableFuture<Void> next(String id) {
    CompletableFuture<Void> change = new CompletableFuture<>();
    waiting.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(change);
    return change;
  }

  /** Forgets a future no longer waited for. */
  void cancel(String id, CompletableFuture<Void> change) {
    waiting.computeIfPresent(
        id,
        (k, futures) -> {
          futures.remove(change);
          return futures.isEmpty() ? null : futures;
        });
  }

  private void subscribe() {
    long backoffMillis = 100;
    while (!closed) {
      DefaultJedisClientConfig.Builder client =
          DefaultJedisClientConfig.builder().connectionTimeoutMillis(5_000).socketTimeoutMillis(0);
      if (config.password() != null && !config.password().isEmpty()) {
        client.password(config.password());
      }
      try (Jedis jedis = new Jedis(new HostAndPort(config.host(), config.port()), client.build())) {
        JedisPubSub pubSub =
            new JedisPubSub() {
              @Override
              public void onMessage(String channel, String key) {
                String id = status.idOfKey(key);
                List<CompletableFuture<Void>> futures = id == null ? null : waiting.remove(id);
                if (futures != null) {
                  futures.forEach(future -> future.complete(null));
                }
              }
            };
        subscription = pubSub;
        backoffMillis = 100;
        jedis.subscribe(pubSub, status.channel());
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn(
            "status event subscription lost, retrying in {} ms: {}", backoffMillis, e.toString());
      }
      try {
        Thread.sleep(backoffMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoffMillis = Math.min(5_000, backoffMillis * 2);
    }
  }

  @Override
  public void close() {
    closed = true;
    JedisPubSub current = subscription;
    if (current != null && current.isSubscribed()) {
      current.unsubscribe();
    }
    subscriber.interrupt();
  }
}
