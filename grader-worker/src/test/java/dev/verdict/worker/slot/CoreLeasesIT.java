package dev.verdict.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.redis.RedisConnections;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

class CoreLeasesIT {
  private final String namespace = "verdict-test-" + UUID.randomUUID().toString().substring(0, 8);
  private JedisPooled redis;

  @BeforeEach
  void connect() {
    redis = RedisConnections.open(RedisConfig.defaults());
    assertThat(redis.ping()).isEqualTo("PONG");
  }

  @AfterEach
  void cleanUp() {
    for (String key : redis.keys(namespace + ":*")) {
      redis.del(key);
    }
    redis.close();
  }

  private CoreLeases leases(String owner, Duration ttl) {
    return new CoreLeases(redis, namespace, "host-a", owner, ttl);
  }

  @Test
  void two_workers_on_one_host_never_lease_the_same_core() {
    try (CoreLeases first = leases("worker-1", Duration.ofSeconds(30));
        CoreLeases second = leases("worker-2", Duration.ofSeconds(30))) {
      assertThat(first.acquire(List.of(0, 1, 2), 2)).containsExactly(0, 1);
      assertThat(second.acquire(List.of(0, 1, 2), 2)).containsExactly(2);
      assertThat(first.holder(1)).isEqualTo("worker-1");
    }
  }

  @Test
  void workers_on_different_hosts_lease_the_same_core_numbers() {
    try (CoreLeases a = leases("worker-1", Duration.ofSeconds(30));
        CoreLeases b =
            new CoreLeases(redis, namespace, "host-b", "worker-2", Duration.ofSeconds(30))) {
      assertThat(a.acquire(List.of(0), 1)).containsExactly(0);
      assertThat(b.acquire(List.of(0), 1)).containsExactly(0);
    }
  }

  @Test
  void a_stopped_worker_gives_its_cores_back() {
    CoreLeases first = leases("worker-1", Duration.ofSeconds(30));
    first.acquire(List.of(0), 1);
    first.close();

    try (CoreLeases second = leases("worker-2", Duration.ofSeconds(30))) {
      assertThat(second.acquire(List.of(0), 1)).containsExactly(0);
    }
  }

  @Test
  void a_crashed_workers_core_comes_back_when_its_lease_expires() {
    redis.set(namespace + ":cores:host-a:0", "crashed-worker", SetParams.setParams().px(1_500));

    try (CoreLeases survivor = leases("worker-2", Duration.ofSeconds(30))) {
      assertThat(survivor.acquire(List.of(0), 1)).isEmpty();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(survivor.acquire(List.of(0), 1)).containsExactly(0));
    }
  }

  @Test
  void a_live_worker_keeps_its_lease_beyond_the_ttl_by_renewing_it() {
    try (CoreLeases holder = leases("worker-1", Duration.ofMillis(1_200));
        CoreLeases other = leases("worker-2", Duration.ofMillis(1_200))) {
      holder.acquire(List.of(0), 1);
      await()
          .during(Duration.ofMillis(3_000))
          .atMost(Duration.ofMillis(4_000))
          .untilAsserted(() -> assertThat(holder.holder(0)).isEqualTo("worker-1"));
      assertThat(other.acquire(List.of(0), 1)).isEmpty();
    }
  }
}
