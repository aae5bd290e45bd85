package dev.verdict.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.common.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

class CoreLeasesIT {
  @RegisterExtension static final RedisExtension redisExtension = RedisExtension.perTest();
  private JedisPooled redis;
  private String namespace;

  @BeforeEach
  void connect() {
    redis = redisExtension.client();
    namespace = redisExtension.namespace();
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
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(4))
          .untilAsserted(() -> assertThat(holder.holder(0)).isEqualTo("worker-1"));
      assertThat(other.acquire(List.of(0), 1)).isEmpty();
    }
  }

  /** A pid no process has any more: one of a process that ran and was reaped. */
  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    assertThat(process.waitFor()).isZero();
    long pid = process.pid();
    assertThat(ProcessHandle.of(pid)).as("process %d is gone", pid).isEmpty();
    return pid;
  }

  private void leasedBy(int core, String holder) {
    redis.set(namespace + ":cores:host-a:" + core, holder, SetParams.setParams().px(60_000));
  }

  private CoreLeases leasesOn(String hostName, String owner) {
    return new CoreLeases(redis, namespace, "host-a", hostName, owner, Duration.ofSeconds(30));
  }

  @Test
  void a_killed_worker_of_this_host_has_its_core_taken_over_at_once() throws Exception {
    leasedBy(0, "box-" + deadPid() + "-beef");

    try (CoreLeases successor = leasesOn("box", WorkerIds.next("box"))) {
      assertThat(successor.acquire(List.of(0), 1)).containsExactly(0);
      assertThat(successor.holder(0)).startsWith("box-" + ProcessHandle.current().pid() + "-");
      assertThat(redis.pttl(namespace + ":cores:host-a:0")).isPositive();
    }
  }

  @Test
  void a_worker_of_another_host_keeps_its_core_though_its_pid_is_not_running_here()
      throws Exception {
    String elsewhere = "other-box-" + deadPid() + "-beef";
    leasedBy(0, elsewhere);

    try (CoreLeases leases = leasesOn("box", WorkerIds.next("box"))) {
      assertThat(leases.acquire(List.of(0), 1)).isEmpty();
      assertThat(leases.holder(0)).isEqualTo(elsewhere);
    }
  }

  @Test
  void a_live_worker_of_this_host_keeps_its_core() {
    String live = "box-" + ProcessHandle.current().pid() + "-beef";
    leasedBy(0, live);

    try (CoreLeases leases = leasesOn("box", WorkerIds.next("box"))) {
      assertThat(leases.acquire(List.of(0), 1)).isEmpty();
      assertThat(leases.holder(0)).isEqualTo(live);
    }
  }

  @Test
  void of_two_successors_of_a_killed_worker_only_one_takes_its_core() throws Exception {
    leasedBy(0, "box-" + deadPid() + "-beef");

    try (CoreLeases first = leasesOn("box", WorkerIds.next("box"));
        CoreLeases second = leasesOn("box", WorkerIds.next("box"))) {
      assertThat(first.acquire(List.of(0), 1)).containsExactly(0);
      assertThat(second.acquire(List.of(0), 1)).isEmpty();
      assertThat(second.holder(0)).isEqualTo(first.holder(0));
    }
  }
}
