package dev.verdict.system;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.RabbitConfig;
import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.worker.sandbox.WorkArea;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/**
 * Scale-out across hosts: grader workers as processes on hosts of their own (network namespaces
 * reaching the broker, Redis and MongoDB over a veth link, see {@link WorkerHost}), added and
 * removed while submissions flow. A host added mid-load takes work; a host stopped with SIGTERM
 * finishes what it runs before it exits; a host killed with SIGKILL mid-run has its task graded by
 * another; and every submission ends DONE exactly once with the verdict its program deserves.
 */
class WorkerHostsIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  @TempDir Path temp;

  private VerdictCluster cluster;
  private Http http;
  private JedisPooled redis;
  private StatusStore status;
  private final List<WorkerHost> hosts = new ArrayList<>();
  private final List<WorkerHost.Worker> workers = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = VerdictCluster.startWithoutWorker(services, temp, List.of());
    http = new Http(cluster.baseUrl(), cluster.token("hosts-it-staff", Role.STAFF));
    redis = services.redis().client();
    status =
        new StatusStore(
            redis, cluster.config.namespace(), 3_600, new com.codahale.metrics.MetricRegistry());
  }

  @AfterEach
  void stop() throws Exception {
    for (WorkerHost.Worker worker : workers) {
      worker.close();
    }
    for (WorkerHost host : hosts) {
      host.close();
    }
    cluster.close();
    // why: a killed worker leaves its slots' work areas mounted until a worker takes over its
    // cores; the temporary directory cannot be removed with mounts in it.
    WorkArea.release(temp);
  }

  @Test
  void hosts_added_and_removed_mid_load_lose_nothing_and_grade_each_submission_once()
      throws Exception {
    WorkerHost one = host(1);
    WorkerHost two = host(2);
    WorkerHost.Worker first = worker(one, "0");
    List<String> ids = submit(4);

    // A host added while the first one is busy starts taking work.
    await().atMost(Duration.ofSeconds(60)).until(() -> running(ids) >= 1);
    WorkerHost.Worker second = worker(two, "1");
    // why: while the second host's worker started, the first may have graded all four; work queued
    // once both are up is what the added host must share.
    ids.addAll(submit(2));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> gradedBy(ids).values().stream().anyMatch(w -> w.startsWith(two.name())));

    // SIGKILL of a host in the middle of a run: its task goes to another and is graded once.
    ids.addAll(submit(4));
    String killedRun = awaitRunningOn(two, ids);
    second.kill();
    WorkerHost.Worker third = worker(two, "1");

    // SIGTERM of a host in the middle of a run: it finishes that run, then exits. More work is
    // queued first: while the replacement started, the first host may have finished the rest.
    ids.addAll(submit(4));
    String drainedRun = awaitRunningOn(one, ids);
    assertThat(first.stop())
        .as("the JVM's status after SIGTERM once its shutdown hook returned; log " + first.log())
        .isEqualTo(143);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> gradedBy(ids).size() == ids.size());
    SubmissionStore store = new SubmissionStore(cluster.database(), new MetricRegistry());
    for (String id : ids) {
      Submission stored = store.find(id).orElseThrow();
      assertThat(stored.result().verdict().name())
          .as("%s graded by %s: %s", id, stored.result().workerId(), stored.result().error())
          .isEqualTo("ACCEPTED");
      assertThat(stored.result().tests()).as(id).hasSize(10);
      assertThat(stored.history().stream().filter(change -> change.state() == DONE))
          .as("%s is DONE exactly once: %s", id, stored.history())
          .hasSize(1);
    }
    Set<String> graders =
        gradedBy(ids).values().stream()
            .map(worker -> worker.substring(0, worker.indexOf('-', "verdict-h".length())))
            .collect(Collectors.toSet());
    assertThat(graders).containsExactlyInAnyOrder(one.name(), two.name());
    Map<String, String> gradedBy = gradedBy(ids);
    assertThat(gradedBy.get(drainedRun))
        .as("the run in hand at SIGTERM is finished by the stopping worker")
        .startsWith(one.name() + "-" + first.process().pid() + "-");
    assertThat(gradedBy.get(killedRun))
        .as("the run in hand at SIGKILL is graded by another worker")
        .doesNotStartWith(two.name() + "-" + second.process().pid() + "-");
    workers.remove(third);
    assertThat(third.stop()).isEqualTo(143);
  }

  @Test
  void a_host_cut_off_mid_run_has_its_task_graded_elsewhere_and_its_late_result_dropped()
      throws Exception {
    WorkerHost one = host(1);
    WorkerHost two = host(2);
    // why: the broker closes a connection silent for about two heartbeats, here about 4 s.
    List<String> heartbeat = List.of("rabbitmq.heartbeatSeconds=2");
    WorkerHost.Worker first = worker(one, "0", heartbeat);
    WorkerHost.Worker second = worker(two, "1", heartbeat);
    List<String> ids = new ArrayList<>(submit(1, Programs.PY_SLOW_SUM));
    String id = ids.get(0);
    String runner = awaitRunning(id);
    boolean onOne = runner.startsWith(one.name() + "-");
    WorkerHost cut = onOne ? one : two;
    WorkerHost.Worker cutWorker = onOne ? first : second;
    long handledBefore = resultsHandled();

    cut.cut();
    long cutAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> gradedBy(ids).containsKey(id));
    long redeliveredMs = Duration.ofNanos(System.nanoTime() - cutAt).toMillis();
    String grader = gradedBy(ids).get(id);
    assertThat(grader).as("graded by the host still joined").doesNotStartWith(cut.name() + "-");

    // Joined again, the cut worker reconnects and reports its run late; that result is dropped.
    cut.rejoin();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Files.readString(cutWorker.log()).contains("Submission(id=" + id + ") grad"));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> resultsHandled() >= handledBefore + 2);
    SubmissionStore store = new SubmissionStore(cluster.database(), new MetricRegistry());
    Submission stored = store.find(id).orElseThrow();
    assertThat(stored.result().verdict().name()).isEqualTo("ACCEPTED");
    assertThat(stored.result().workerId()).isEqualTo(grader);
    assertThat(stored.history().stream().filter(change -> change.state() == DONE))
        .as("%s is DONE exactly once: %s", id, stored.history())
        .hasSize(1);
    System.out.printf(
        "host cut off mid-run: its task graded elsewhere %d ms after the cut%n", redeliveredMs);
  }

  /** Results the dispatcher has handled, from its {@code /metrics}. */
  private long resultsHandled() {
    String metrics = Http.text("http://127.0.0.1:" + cluster.dispatcher.adminPort() + "/metrics");
    for (String line : metrics.split("\n")) {
      if (line.startsWith("verdict_dispatcher_result") && line.contains("_count ")) {
        return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
      }
    }
    return 0;
  }

  private String awaitRunning(String id) {
    String[] worker = new String[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Map<String, String> live = redis.hgetAll(status.key(id));
              worker[0] = live.get("worker");
              return "RUNNING".equals(live.get("state")) && worker[0] != null;
            });
    return worker[0];
  }

  private WorkerHost host(int index) throws Exception {
    // why: kept after the test (the temp dir is not), for reading what a worker did.
    Path logs = Files.createDirectories(Path.of("target", "worker-hosts"));
    WorkerHost host =
        WorkerHost.add(
            index,
            logs,
            RabbitConfig.defaults().port(),
            RedisConfig.defaults().port(),
            services.mongo().port());
    hosts.add(host);
    return host;
  }

  private WorkerHost.Worker worker(WorkerHost host, String cpus) throws Exception {
    return worker(host, cpus, List.of());
  }

  private WorkerHost.Worker worker(WorkerHost host, String cpus, List<String> extra)
      throws Exception {
    Path dir = Files.createDirectories(temp.resolve(host.name() + "-" + workers.size()));
    List<String> settings =
        new ArrayList<>(
            List.of(
                "namespace=" + cluster.config.namespace(),
                "mongo.uri=mongodb://" + host.link() + ":" + services.mongo().port(),
                "mongo.database=" + cluster.config.mongo().database(),
                "worker.workDir=" + dir.resolve("work"),
                "worker.cacheDir=" + dir.resolve("cache")));
    settings.addAll(extra);
    WorkerHost.Worker worker = host.worker(cpus, settings);
    workers.add(worker);
    return worker;
  }

  private List<String> submit(int count) {
    return submit(count, Programs.PY_BUSY_SUM);
  }

  private List<String> submit(int count, String source) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Http.Answer answer = http.submitPython(source);
      assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
      ids.add(answer.body().get("id").asText());
    }
    return ids;
  }

  /** Waits until a worker of {@code host} runs one of {@code ids}, and returns that one. */
  private String awaitRunningOn(WorkerHost host, List<String> ids) {
    String[] found = new String[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              for (String id : ids) {
                Map<String, String> live = redis.hgetAll(status.key(id));
                if ("RUNNING".equals(live.get("state"))
                    && live.getOrDefault("worker", "").startsWith(host.name() + "-")) {
                  found[0] = id;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  private long running(List<String> ids) {
    return ids.stream()
        .map(id -> http.get("/api/v1/submissions/" + id).body().get("status").asText())
        .filter("RUNNING"::equals)
        .count();
  }

  /** The worker that graded each finished submission of {@code ids}. */
  private Map<String, String> gradedBy(List<String> ids) {
    SubmissionStore store = new SubmissionStore(cluster.database(), new MetricRegistry());
    return ids.stream()
        .map(store::find)
        .flatMap(Optional::stream)
        .filter(stored -> stored.state() == DONE)
        .collect(Collectors.toMap(Submission::id, stored -> stored.result().workerId()));
  }
}
