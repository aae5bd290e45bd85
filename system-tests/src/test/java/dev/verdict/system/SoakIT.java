package dev.verdict.system;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: mixed submissions (Python and C; right, wrong, crashing, not compiling, and
 * hostile: a memory hog, a fork bomb, an output flood, an endless loop) at a steady rate against
 * the API, dispatcher and two workers as processes, while a component chosen at random (seeded,
 * printed) is killed with SIGKILL and started again at a fixed interval. At the end: none lost,
 * none DONE twice, every verdict the one its program deserves, each component's file descriptors,
 * threads and live heap within a bound of what they were after its warm-up, and no sandbox state
 * left on the host once the workers stop.
 *
 * <p>Bounded by {@code -Dverdict.soak.seconds} (default 90) and {@code
 * -Dverdict.soak.killEverySeconds} (default 30); {@code -Dverdict.soak.seed} repeats a run's kills.
 */
class SoakIT {
  @RegisterExtension
  static final ServicesExtension services = ServicesExtension.perClassOnPrivateServers();

  private static final int SECONDS = Integer.getInteger("verdict.soak.seconds", 90);
  private static final int KILL_EVERY = Integer.getInteger("verdict.soak.killEverySeconds", 30);
  private static final int SUBMIT_EVERY_MS = 400;
  private static final int TICK_MS = 5_000;
  private static final int WARM_UP_SECONDS = 20;

  // why: room for pools that grow with the load (HTTP, broker and Redis clients) and for what a
  // full collection leaves; a descriptor or a thread kept per submission, or
  // about 100 KiB of heap, passes them within the suite's 90 s (about 225 submissions).
  private static final int MORE_FDS = 32;
  private static final int MORE_THREADS = 16;
  private static final long MORE_HEAP_KIB = 24 * 1024;

  private record Program(String language, String file, String source, String verdict) {}

  private static final List<Program> MIX =
      List.of(
          new Program("python3", "main.py", Programs.PY_ACCEPTED, "ACCEPTED"),
          new Program("python3", "main.py", Programs.PY_ACCEPTED, "ACCEPTED"),
          new Program("python3", "main.py", Programs.PY_WRONG, "WRONG_ANSWER"),
          new Program("python3", "main.py", Programs.PY_CRASH, "RUNTIME_ERROR"),
          new Program("python3", "main.py", Programs.PY_MEMORY, "MEMORY_LIMIT_EXCEEDED"),
          new Program("c", "main.c", Programs.C_ACCEPTED, "ACCEPTED"),
          new Program("c", "main.c", Programs.C_BROKEN, "COMPILATION_ERROR"),
          new Program("python3", "main.py", Programs.PY_FORK_BOMB, "TIME_LIMIT_EXCEEDED"),
          new Program("python3", "main.py", Programs.PY_OUTPUT_FLOOD, "OUTPUT_LIMIT_EXCEEDED"),
          new Program("python3", "main.py", Programs.PY_SLOW, "TIME_LIMIT_EXCEEDED"));

  @TempDir Path temp;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void mixed_load_with_a_component_killed_at_intervals_loses_nothing_and_counts_nothing_twice()
      throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    long seed = Long.getLong("verdict.soak.seed", System.nanoTime());
    Random random = new Random(seed);
    int apiPort = sparePort();
    List<String> apiSettings = List.of("api.port=" + apiPort);
    Map<String, String> expected = new ConcurrentHashMap<>();
    MIX.forEach(program -> expected.put(sha256(program.source()), program.verdict()));
    Map<String, String> accepted = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    List<String> kills = new ArrayList<>();

    try (ProcessDeployment deployment = new ProcessDeployment(services, temp)) {
      Map<String, Component> components = new ConcurrentHashMap<>();
      Map<String, List<String>> settings =
          Map.of(
              "api",
              apiSettings,
              "dispatcher",
              List.of(),
              "worker-a",
              deployment.workerDirs("a"),
              "worker-b",
              deployment.workerDirs("b"));
      Map<String, Long> started = new ConcurrentHashMap<>();
      Map<Long, JvmFigures> warm = new ConcurrentHashMap<>();
      for (String name : List.of("api", "dispatcher", "worker-a", "worker-b")) {
        components.put(name, deployment.start(module(name), settings.get(name)));
        started.put(name, System.nanoTime());
      }
      Http http = new Http("http://127.0.0.1:" + apiPort, deployment.staffToken());

      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger next = new AtomicInteger();
      load.scheduleAtFixedRate(
          () -> {
            Program program = MIX.get(next.getAndIncrement() % MIX.size());
            try {
              Http.Answer answer =
                  http.submit(program.language(), program.file(), program.source());
              if (answer.status() == 202) {
                accepted.put(answer.body().get("id").asText(), program.verdict());
              } else {
                refused.incrementAndGet();
              }
            } catch (RuntimeException e) {
              // why: the API is down (refused) or died mid-request (unanswered); what it stored
              // is checked below with everything else.
              unanswered.incrementAndGet();
            }
          },
          0,
          SUBMIT_EVERY_MS,
          TimeUnit.MILLISECONDS);

      long begin = System.nanoTime();
      long end = begin + TimeUnit.SECONDS.toNanos(SECONDS);
      long nextKill = begin + TimeUnit.SECONDS.toNanos(KILL_EVERY);
      try {
        while (System.nanoTime() < end) {
          // why: the soak's pacing, not a synchronisation; the kills are meant to land anywhere.
          Thread.sleep(Math.min(TICK_MS, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
          takeWarmFigures(components, started, warm);
          if (System.nanoTime() >= nextKill && nextKill < end) {
            List<String> names = List.of("api", "dispatcher", "worker-a", "worker-b");
            String victim = names.get(random.nextInt(names.size()));
            deployment.kill(components.get(victim));
            kills.add(victim);
            components.put(victim, deployment.start(module(victim), settings.get(victim)));
            started.put(victim, System.nanoTime());
            nextKill += TimeUnit.SECONDS.toNanos(KILL_EVERY);
          }
        }
      } finally {
        load.shutdownNow();
        load.awaitTermination(30, TimeUnit.SECONDS);
      }

      SubmissionStore store =
          new SubmissionStore(services.mongo().database(), new MetricRegistry());
      List<Submission> stored = new ArrayList<>();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                stored.clear();
                stored.addAll(all(store));
                return stored.stream().allMatch(s -> s.state() == DONE);
              });
      int lost = 0;
      int duplicated = 0;
      int wrong = 0;
      for (String id : accepted.keySet()) {
        if (store.find(id).map(s -> s.state() != DONE).orElse(true)) {
          lost++;
        }
      }
      for (Submission submission : stored) {
        long dones = submission.history().stream().filter(c -> c.state() == DONE).count();
        if (dones != 1) {
          duplicated++;
        }
        String want = expected.get(submission.files().get(0).sha256());
        if (!submission.result().verdict().name().equals(want)) {
          wrong++;
          System.out.printf(
              "soak: %s is %s, wanted %s: %s%n",
              submission.id(), submission.result().verdict(), want, submission.result().error());
        }
      }
      System.out.printf(
          "soak: %d s, seed %d, kills %s: %d accepted, %d refused (503), %d unanswered (API down),"
              + " %d stored, %d lost, %d DONE more than once, %d with a wrong verdict%n",
          SECONDS,
          seed,
          kills,
          accepted.size(),
          refused.get(),
          unanswered.get(),
          stored.size(),
          lost,
          duplicated,
          wrong);
      assertThat(accepted).as("accepted submissions").isNotEmpty();
      assertThat(lost).as("accepted but never DONE").isZero();
      assertThat(duplicated).as("DONE more than once").isZero();
      assertThat(wrong).as("wrong verdicts").isZero();
      assertBoundedGrowth(components, started, warm);

      // Stopped cleanly at the end, the workers leave no sandbox state on the host.
      for (String worker : List.of("worker-a", "worker-b")) {
        assertThat(deployment.stop(components.get(worker))).as(worker + " exit").isEqualTo(143);
      }
      assertThat(namespaceCgroups()).as("cgroups left under the namespace").isEmpty();
    }
  }

  /**
   * Takes the figures of each component that has run {@link #WARM_UP_SECONDS} since it started and
   * has none yet: its first grading, class loading and pools filling up are behind it.
   */
  private static void takeWarmFigures(
      Map<String, Component> components, Map<String, Long> started, Map<Long, JvmFigures> warm)
      throws IOException, InterruptedException {
    for (Map.Entry<String, Component> entry : components.entrySet()) {
      long age = System.nanoTime() - started.get(entry.getKey());
      long pid = entry.getValue().pid();
      if (age >= TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS) && !warm.containsKey(pid)) {
        warm.put(pid, JvmFigures.of(pid));
      }
    }
  }

  /**
   * Compares each component's figures at the end, the load drained, with its figures after its
   * warm-up, for every component process that lived through both: its file descriptors, threads and
   * live heap must not have grown by more than {@link #MORE_FDS}, {@link #MORE_THREADS} and {@link
   * #MORE_HEAP_KIB}.
   */
  private static void assertBoundedGrowth(
      Map<String, Component> components, Map<String, Long> started, Map<Long, JvmFigures> warm)
      throws IOException, InterruptedException {
    int compared = 0;
    for (Map.Entry<String, Component> entry : components.entrySet()) {
      long pid = entry.getValue().pid();
      JvmFigures before = warm.get(pid);
      if (before == null) {
        continue;
      }
      JvmFigures after = JvmFigures.of(pid);
      long lived = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started.get(entry.getKey()));
      System.out.printf(
          "soak: %s (pid %d, up %d s): after warm-up %s; at the end %s%n",
          entry.getKey(), pid, lived, before, after);
      String what = entry.getKey() + " from " + before + " to " + after;
      assertThat(after.fds()).as("fds of " + what).isLessThanOrEqualTo(before.fds() + MORE_FDS);
      assertThat(after.threads())
          .as("threads of " + what)
          .isLessThanOrEqualTo(before.threads() + MORE_THREADS);
      assertThat(after.heapKib())
          .as("live heap of " + what)
          .isLessThanOrEqualTo(before.heapKib() + MORE_HEAP_KIB);
      compared++;
    }
    assertThat(compared).as("components measured after warm-up and at the end").isPositive();
  }

  private static String module(String name) {
    return name.startsWith("worker") ? "grader-worker" : name;
  }

  private static List<Submission> all(SubmissionStore store) {
    return Graded.storedIds(services.mongo().database()).stream()
        .map(store::find)
        .flatMap(Optional::stream)
        .toList();
  }

  /** The cgroup directories of this test's namespace, under this JVM's own cgroups. */
  private static List<Path> namespaceCgroups() throws IOException {
    List<Path> left = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] parts = line.split(":", 3);
      for (String controller : parts[1].split(",")) {
        if (List.of("memory", "pids", "cpuacct", "cpuset").contains(controller)) {
          Path group =
              Path.of("/sys/fs/cgroup", controller, parts[2].substring(1), services.namespace());
          if (Files.exists(group)) {
            left.add(group);
          }
        }
      }
    }
    return left;
  }

  private static String sha256(String source) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int sparePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
