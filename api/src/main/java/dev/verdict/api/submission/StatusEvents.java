package dev.verdict.api.submission;

import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.status.StatusStore.Announcement;
import dev.verdict.common.status.StatusStore.Change;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * that kind of change of that submission, so a request waiting for the final result is not woken by
 * every test result on the way. If the subscription drops, waiting requests simply run into their
 * time-out and answer with the current state; it is re-established in the background.
 */
public final class StatusEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusEvents.class);

  private final RedisConfig config;
  private final StatusStore status;
  private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
  private final Thread subscriber;
  private volatile JedisPubSub subscription;
  private volatile boolean closed;

  public StatusEvents(RedisConfig config, StatusStore status) {
    this.config = config;
    this.status = status;
    this.subscriber = Thread.ofPlatform().daemon().name("status-events").start(this::subscribe);
  }

  /** Whether the subscription is up, so that announcements from now on reach the waiters. */
  public boolean subscribed() {
    JedisPubSub current = subscription;
    return current != null && current.isSubscribed();
  }

  /** A request waiting for one of {@code changes}. */
  private record Waiter(Set<Change> changes, CompletableFuture<Void> future) {}

  /** A future completed at the next announced change of the submission among {@code changes}. */
  public CompletableFuture<Void> next(String id, Set<Change> changes) {
    CompletableFuture<Void> change = new CompletableFuture<>();
    waiting
        .computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
        .add(new Waiter(Set.copyOf(changes), change));
    return change;
  }

  /** Forgets a future no longer waited for. */
  public void cancel(String id, CompletableFuture<Void> change) {
    waiting.computeIfPresent(
        id,
        (k, waiters) -> {
          waiters.removeIf(waiter -> waiter.future() == change);
          return waiters.isEmpty() ? null : waiters;
        });
  }

  private void announce(Announcement announcement) {
    List<Waiter> waiters = waiting.get(announcement.id());
    if (waiters == null) {
      return;
    }
    for (Waiter waiter : waiters) {
      if (waiter.changes().contains(announcement.change())) {
        waiter.future().complete(null);
        cancel(announcement.id(), waiter.future());
      }
    }
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
              public void onMessage(String channel, String message) {
                status.announcement(message).ifPresent(StatusEvents.this::announce);
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
