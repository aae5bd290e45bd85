package dev.verdict.system;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.worker.sandbox.WorkArea;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdict's components as processes of their own, run from the jars the build made, killed with
 * SIGKILL by their pids at the worst moment and started again: the dispatcher while results wait to
 * be aggregated, the API between storing a submission and publishing it, a worker in the middle of
 * a run. On a RabbitMQ node and a Redis of this class's own. Each test ends with every submission
 * the system stored DONE exactly once, with the verdict its program deserves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComponentKillsIT {
  @RegisterExtension
  static final ServicesExtension services = ServicesExtension.perClassOnPrivateServers();

  @TempDir Path temp;

  private final List<Component> components = new ArrayList<>();
  private Http http;

  @BeforeEach
  void permissions() throws IOException {
    // why: the sandbox uids must be able to reach the work directories below the temp dir.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Component component : components) {
      component.close();
    }
    components.clear();
    // why: a killed worker leaves its slots' work areas mounted until a worker takes over its
    // cores; none will here, and the temporary directory cannot be removed with mounts in it.
    WorkArea.release(temp);
    // why: a test that failed with the broker hung or killed leaves it running for the next one.
    if (services.privateRabbit().isRunning()) {
      services.privateRabbit().thaw();
    } else {
      services.privateRabbit().start();
    }
  }

  @Test
  void a_dispatcher_killed_while_results_wait_and_restarted_finishes_each_submission_once() {
    start("api");
    Component dispatcher = start("dispatcher");
    start("grader-worker", workerDirs("w"));
    Map<String, String> accepted = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      submit(accepted, i);
    }
    SubmissionStore store = store();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Graded.done(store, accepted) >= 1);

    kill(dispatcher);
    // While the dispatcher is away the API still accepts, and the worker's results queue up.
    for (int i = 6; i < 8; i++) {
      submit(accepted, i);
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> waiting(topology().resultsQueue()) >= 1);

    start("dispatcher");
    assertEveryOneDoneOnce(accepted, Duration.ofSeconds(180));
  }

  @Test
  void an_api_killed_between_storing_and_publishing_leaves_the_submission_to_the_outbox() {
    // why: a confirmation that never comes holds the API after its MongoDB write for a minute.
    Component api = start("api", List.of("rabbitmq.confirmTimeoutMs=60000"));
    Component dispatcher = start("dispatcher");
    start("grader-worker", workerDirs("w"));
    Map<String, String> accepted = new LinkedHashMap<>();
    submit(accepted, 0);
    assertEveryOneDoneOnce(accepted, Duration.ofSeconds(90));

    // The broker hangs, so the API stores the next submission and then waits for its confirmation.
    Set<String> before = storedIds();
    services.privateRabbit().freeze();
    Program program = Program.of(1);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                post(program);
              } catch (IllegalStateException e) {
                // why: the API dies before it answers; this request's fate is the point.
              }
            });
    SubmissionStore store = store();
    Submission stored =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> newest(before), Optional::isPresent)
            .orElseThrow();
    kill(api);
    // why: the broker never read the publish the API had sent into its socket: killed while hung,
    // it comes back without it, so only the outbox sweeper can publish this submission.
    services.privateRabbit().kill();
    assertThat(store.find(stored.id()).orElseThrow())
        .as("stored, and published by nobody yet")
        .returns(false, Submission::published)
        .returns(true, s -> s.state() != DONE);
    services.privateRabbit().start();
    accepted.put(stored.id(), program.verdict());

    start("api");
    submit(accepted, 2);
    assertEveryOneDoneOnce(accepted, Duration.ofSeconds(120));
    assertThat(dispatcher.output())
        .as("the broker's outage, logged once by the dispatcher's connection, at WARN")
        .containsOnlyOnce("RabbitMQ connection verdict-dispatcher could not recover")
        .doesNotContain(" ERROR ");
  }

  @Test
  void a_worker_killed_mid_run_has_its_task_graded_once_and_leaves_nothing_behind()
      throws Exception {
    start("api");
    start("dispatcher");
    List<String> dirsA = workerDirs("a");
    List<String> dirsB = workerDirs("b");
    Component a = start("grader-worker", dirsA);
    Component b = start("grader-worker", dirsB);
    Map<String, String> accepted = new LinkedHashMap<>();
    submit(accepted, 0, Programs.PY_SLOW_SUM);
    String id = accepted.keySet().iterator().next();

    // The run of one of the two workers, caught while its program runs.
    String runner = awaitRunner(id, a, b);
    Component victim = owner(a, b, runner);
    List<String> victimDirs = victim == a ? dirsA : dirsB;
    Path workDir = Path.of(victimDirs.get(0).substring("worker.workDir=".length()));
    List<ProcessHandle> runProcesses = victim.process.descendants().toList();
    List<Path> runCgroups = runCgroups(victim);
    assertThat(runProcesses).as("the run's processes").isNotEmpty();

    kill(victim);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(runProcesses)
                    .as("the killed run's processes (bubblewrap dies with its parent)")
                    .noneMatch(ProcessHandle::isAlive));
    assertEveryOneDoneOnce(accepted, Duration.ofSeconds(120));
    Submission graded = store().find(id).orElseThrow();
    assertThat(graded.result().workerId()).isNotEqualTo(runner);

    // A worker taking over the killed one's core removes what that run left there, and mounts
    // its slot's work area in place of the killed worker's rather than over it.
    long areasBefore = workAreaMounts(workDir);
    start("grader-worker", victimDirs);
    assertThat(runCgroups).as("the killed run's cgroups").noneMatch(Files::exists);
    assertThat(workAreaMounts(workDir))
        .as("work areas mounted under %s, %d before the new worker", workDir, areasBefore)
        .isEqualTo(areasBefore);
    try (Stream<Path> left = Files.list(workDir)) {
      for (Path core : left.filter(p -> p.getFileName().toString().startsWith("core-")).toList()) {
        try (Stream<Path> runs = Files.list(core.resolve("runs"))) {
          assertThat(runs.toList()).as("run files left in %s", core).isEmpty();
        }
      }
    }
  }

  @Test
  void a_frozen_worker_has_its_task_graded_by_another_and_its_late_result_is_dropped() {
    // why: the broker closes a connection silent for about two heartbeats, here about 4 s.
    List<String> heartbeat = List.of("rabbitmq.heartbeatSeconds=2");
    start("api");
    Component dispatcher = start("dispatcher");
    Component a = start("grader-worker", concat(workerDirs("a"), heartbeat));
    Component b = start("grader-worker", concat(workerDirs("b"), heartbeat));
    Map<String, String> accepted = new LinkedHashMap<>();
    submit(accepted, 0, Programs.PY_SLOW_SUM);
    String id = accepted.keySet().iterator().next();
    String runner = awaitRunner(id, a, b);
    Component frozen = owner(a, b, runner);

    frozen.freeze();
    long frozenAt = System.nanoTime();
    assertEveryOneDoneOnce(accepted, Duration.ofSeconds(90));
    Submission graded = store().find(id).orElseThrow();
    assertThat(graded.result().workerId())
        .as("graded by the other worker")
        .doesNotContain("-" + frozen.pid() + "-");
    Duration redelivered = Duration.ofNanos(System.nanoTime() - frozenAt);

    // Continued, the frozen worker finishes its run late; its result must change nothing.
    frozen.thaw();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                frozen.output().contains("Submission(id=" + id + ") grad")
                    && (dispatcher.output().contains("Submission(id=" + id + ") is already DONE")
                        || frozen.output().contains("unconfirmed")));
    assertEveryOneDoneOnce(accepted, Duration.ofSeconds(10));
    assertThat(store().find(id).orElseThrow().result().workerId())
        .isEqualTo(graded.result().workerId());
    System.out.printf(
        "frozen worker: its task graded elsewhere %d ms after SIGSTOP%n", redelivered.toMillis());
  }

  private String awaitRunner(String id, Component a, Component b) {
    StatusStore status =
        new StatusStore(
            services.redis().client(), services.namespace(), 3_600, new MetricRegistry());
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> services.redis().client().hgetAll(status.key(id)).get("worker"),
            worker -> worker != null && hasRun(owner(a, b, worker)));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }

  /** The worker of {@code a} and {@code b} whose id is {@code workerId}. */
  private static Component owner(Component a, Component b, String workerId) {
    return workerId.contains("-" + a.pid() + "-") ? a : b;
  }

  /** True while a run of {@code worker} has its cgroups. */
  private static boolean hasRun(Component worker) {
    try {
      return !runCgroups(worker).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** The run cgroups below the worker's own cgroups, in the class's namespace. */
  private static List<Path> runCgroups(Component worker) throws IOException {
    List<Path> runs = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + worker.pid() + "/cgroup"))) {
      String[] parts = line.split(":", 3);
      if (!List.of("memory", "pids", "cpuacct").contains(parts[1])) {
        continue;
      }
      Path group = Path.of("/sys/fs/cgroup", parts[1], parts[2].substring(1), services.namespace());
      if (!Files.isDirectory(group)) {
        continue;
      }
      try (Stream<Path> cores = Files.list(group)) {
        for (Path core : cores.filter(Files::isDirectory).toList()) {
          try (Stream<Path> children = Files.list(core)) {
            children.filter(p -> p.getFileName().toString().startsWith("run-")).forEach(runs::add);
          }
        }
      }
    }
    return runs;
  }

  private Component start(String module) {
    return start(module, List.of());
  }

  private Component start(String module, List<String> extra) {
    List<String> overrides = new ArrayList<>();
    overrides.add("api.port=0");
    overrides.add("dispatcher.adminPort=0");
    overrides.add("worker.adminPort=0");
    overrides.add(
        "api.problemsDir=" + Path.of("..", "examples", "problems").toAbsolutePath().normalize());
    overrides.add("rabbitmq.confirmTimeoutMs=5000");
    overrides.add("dispatcher.outboxSweepIntervalMs=1000");
    overrides.add("dispatcher.outboxGraceMs=3000");
    overrides.add("api.publishedFlagIntervalMs=500");
    overrides.add("worker.cores=1");
    overrides.add("worker.reserveCores=0");
    overrides.add("worker.coreLeaseTtlMs=3000");
    overrides.addAll(extra);
    Component component = Component.start(module, services.settings(overrides));
    components.add(component);
    if (module.equals("api")) {
      String token =
          new TokenStore(services.mongo().database(), new MetricRegistry())
              .create("kills-staff", Role.STAFF, null, System.currentTimeMillis())
              .token();
      http = new Http("http://127.0.0.1:" + component.apiPort(), token);
    }
    return component;
  }

  /** How many file systems are mounted at or below {@code workDir} on the host. */
  private static long workAreaMounts(Path workDir) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> line.split(" ")[4])
        .filter(mountPoint -> Path.of(mountPoint).startsWith(workDir))
        .count();
  }

  private List<String> workerDirs(String name) {
    return List.of(
        "worker.workDir=" + temp.resolve(name).resolve("work"),
        "worker.cacheDir=" + temp.resolve(name).resolve("cache"));
  }

  private void kill(Component component) {
    try {
      component.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    components.remove(component);
  }

  private record Program(String source, String verdict) {
    static Program of(int i) {
      return i % 2 == 0
          ? new Program(Programs.PY_BUSY_SUM, "ACCEPTED")
          : new Program(Programs.PY_BUSY_WRONG, "WRONG_ANSWER");
    }
  }

  private Http.Answer post(Program program) {
    return http.submitPython(program.source());
  }

  private void submit(Map<String, String> accepted, int i) {
    submit(accepted, i, Program.of(i).source());
  }

  private void submit(Map<String, String> accepted, int i, String source) {
    Program program = new Program(source, Program.of(i).verdict());
    Http.Answer answer = post(program);
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
    accepted.put(answer.body().get("id").asText(), program.verdict());
  }

  private SubmissionStore store() {
    return new SubmissionStore(services.mongo().database(), new MetricRegistry());
  }

  /** The stored submission not among {@code known}, if there is one. */
  private Optional<Submission> newest(Set<String> known) {
    return storedIds().stream()
        .filter(id -> !known.contains(id))
        .findFirst()
        .flatMap(store()::find);
  }

  private Set<String> storedIds() {
    Set<String> ids = new HashSet<>();
    services
        .mongo()
        .database()
        .getCollection("submissions")
        .find()
        .forEach(document -> ids.add(document.getString("_id")));
    return ids;
  }

  private Topology topology() {
    return new Topology(services.namespace());
  }

  /** Messages ready in {@code queue} of the class's broker. */
  private static long waiting(String queue) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(services.privateRabbit().port());
    try (Connection connection = factory.newConnection("kills-it-probe");
        Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    } catch (Exception e) {
      throw new IllegalStateException("cannot count " + queue, e);
    }
  }

  private void assertEveryOneDoneOnce(Map<String, String> accepted, Duration atMost) {
    Graded.assertEveryOneDoneOnce(store(), accepted, atMost);
  }
}
