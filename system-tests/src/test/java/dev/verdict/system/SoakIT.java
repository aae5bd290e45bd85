package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.loadgen.cli.ProgressSink;
import dev.verdict.loadgen.client.PollSettings;
import dev.verdict.loadgen.client.VerdictClient;
import dev.verdict.loadgen.run.Load;
import dev.verdict.loadgen.run.LoadRun;
import dev.verdict.loadgen.run.RunLimits;
import dev.verdict.loadgen.run.RunOutcome;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A bounded soak: load-gen offers an open loop of mixed submissions ({@link SoakWorkload}: every
 * language, hostile programs among them) to the API, a dispatcher and two workers run as processes,
 * while every minute one component is killed with SIGKILL and started again (the four in a shuffled
 * order, round after round; seeded, printed). At the end: none lost, none DONE twice, every verdict
 * the one its program deserves, each component's file descriptors, threads and live heap within a
 * bound of what they were after its warm-up, and no sandbox state left on the host once the workers
 * stop.
 *
 * <p>Bounded by {@code -Dverdict.soak.minutes} (10 by default; the suite's value is set in
 * system-tests' pom); {@code -Dverdict.soak.seconds} gives a shorter run to the second, {@code
 * -Dverdict.soak.killEverySeconds} another interval (by default a minute, or a quarter of a run
 * shorter than four), {@code -Dverdict.soak.rate} the offered submissions per second and {@code
 * -Dverdict.soak.seed} repeats a run's kills and mix.
 *
 * <p>It runs beside the module's other test classes (they run one after another), so the suite pays
 * for its length once; its servers, namespace, work directories and sandbox uids are its own, so
 * what it checks at the end is its own state alone.
 */
// why: ten minutes of soak one after the other tests would not fit in CI's time; run alongside
// them, the soak also grades under the load of the rest of the suite, as a busy host would.
@Execution(ExecutionMode.CONCURRENT)
class SoakIT {
  @RegisterExtension
  static final ServicesExtension services = ServicesExtension.perClassOnPrivateServers();

  private static final int SECONDS =
      Integer.getInteger(
          "verdict.soak.seconds", 60 * Integer.getInteger("verdict.soak.minutes", 10));
  private static final int KILL_EVERY =
      Integer.getInteger("verdict.soak.killEverySeconds", Math.min(60, Math.max(1, SECONDS / 4)));
  private static final double RATE =
      Double.parseDouble(System.getProperty("verdict.soak.rate", "1.0"));
  private static final List<String> COMPONENTS =
      List.of("api", "dispatcher", "worker-a", "worker-b");
  private static final int TICK_MS = 5_000;
  private static final int WARM_UP_SECONDS = 20;

  /**
   * The soak's workers run untrusted code as uids of their own, which no other test's worker uses,
   * so the leftover check at the end sees the soak's processes only, whatever runs beside it.
   */
  private static final List<String> OWN_UIDS =
      List.of("worker.uidBase=90000", "worker.compilerUidBase=100000");

  /** How long load-gen follows one submission before it counts it as never DONE. */
  private static final Duration GIVE_UP = Duration.ofMinutes(5);

  // why: room for pools that grow with the load (HTTP, broker and Redis clients) and for what a
  // full collection leaves; a descriptor or a thread kept per submission, or about 100 KiB of heap
  // per submission, passes them within a few minutes of the soak (about 60 submissions a minute).
  private static final int MORE_FDS = 32;
  private static final int MORE_THREADS = 16;
  private static final long MORE_HEAP_KIB = 24 * 1024;

  @TempDir Path temp;

  @Test
  // why: the soak bounds itself (its length, load-gen's GIVE_UP per submission, the final wait);
  // this only keeps a hang from stalling CI for ever, whatever length was asked for.
  @Timeout(value = 48, unit = TimeUnit.HOURS)
  void mixed_load_with_a_component_killed_every_minute_loses_nothing_and_leaves_nothing()
      throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    VerdictConfig config = services.config(OWN_UIDS);
    assertThat(SoakWorkload.LANGUAGES)
        .as("the soak's languages, against those the worker offers")
        .containsExactlyInAnyOrderElementsOf(config.enabledLanguages().keySet());
    long seed = Long.getLong("verdict.soak.seed", System.nanoTime());
    Random random = new Random(seed);
    int apiPort = Haproxy.freePort();
    Workload workload = SoakWorkload.workload();
    Map<String, String> deserved = new ConcurrentHashMap<>();
    for (WorkloadEntry entry : workload.entries()) {
      deserved.put(sha256(entry.files().get(0).content()), entry.expect().iterator().next().name());
    }
    List<SoakTally.Kill> kills = new ArrayList<>();

    try (ProcessDeployment deployment = new ProcessDeployment(services, temp)) {
      Map<String, List<String>> settings =
          Map.of(
              "api",
              List.of("api.port=" + apiPort),
              "dispatcher",
              List.of(),
              "worker-a",
              withOwnUids(deployment.workerDirs("a")),
              "worker-b",
              withOwnUids(deployment.workerDirs("b")));
      Map<String, Component> components = new ConcurrentHashMap<>();
      Map<String, Long> started = new ConcurrentHashMap<>();
      Map<Long, JvmFigures> warm = new ConcurrentHashMap<>();
      for (String name : COMPONENTS) {
        components.put(name, deployment.start(module(name), settings.get(name)));
        started.put(name, System.nanoTime());
      }

      LoadRun run =
          new LoadRun(
              new VerdictClient(
                  URI.create("http://127.0.0.1:" + apiPort),
                  Duration.ofSeconds(10),
                  deployment.staffToken()),
              workload,
              // why: interval polling, not long polls: a long poll to an API that is down fails at
              // once and would be sent again at once, for as long as the API is away.
              new PollSettings(Duration.ofMillis(500), Duration.ofSeconds(2), 1.5),
              seed,
              ProgressSink.plain(
                  new PrintWriter(System.out, true, StandardCharsets.UTF_8), TICK_MS / 1000 * 6));
      long begin = System.nanoTime();
      long beginMillis = System.currentTimeMillis();
      CompletableFuture<RunOutcome> load =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return run.execute(
                      0,
                      Load.open(RATE),
                      new RunLimits(
                          Duration.ofSeconds(SECONDS), 0, Duration.ZERO, GIVE_UP, 100_000));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException("the load was interrupted", e);
                }
              },
              r -> Thread.ofPlatform().name("soak-load").start(r));

      long end = begin + TimeUnit.SECONDS.toNanos(SECONDS);
      long nextKill = begin + TimeUnit.SECONDS.toNanos(KILL_EVERY);
      List<String> round = new ArrayList<>();
      while (System.nanoTime() < end) {
        // why: the soak's pacing, not a synchronisation; the kills are meant to land anywhere.
        Thread.sleep(Math.min(TICK_MS, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        takeWarmFigures(components, started, warm);
        if (System.nanoTime() >= nextKill && nextKill < end) {
          if (round.isEmpty()) {
            round.addAll(COMPONENTS);
            Collections.shuffle(round, random);
          }
          String victim = round.remove(0);
          kills.add(
              new SoakTally.Kill(
                  victim,
                  System.nanoTime() - begin,
                  beginMillis + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)));
          deployment.kill(components.get(victim));
          components.put(victim, deployment.start(module(victim), settings.get(victim)));
          started.put(victim, System.nanoTime());
          nextKill += TimeUnit.SECONDS.toNanos(KILL_EVERY);
        }
      }
      // why: load-gen follows every submission it sent until DONE or GIVE_UP, so this returns once
      // the load has drained.
      RunOutcome outcome = load.get(SECONDS + GIVE_UP.toSeconds() + 60, TimeUnit.SECONDS);
      long drained = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - end);

      SoakTally tally = new SoakTally(kills);
      outcome.samples().forEach(tally::add);
      for (Submission stored : storedOnceSettled()) {
        tally.add(stored, deserved.get(stored.files().get(0).sha256()));
      }
      System.out.printf(
          "soak: %d s at %.2f/s, seed %d, a kill every %d s %s, drained %d s after the load: %s%n",
          SECONDS,
          RATE,
          seed,
          KILL_EVERY,
          kills.stream().map(SoakTally.Kill::component).toList(),
          drained,
          tally.all());
      tally
          .byFault()
          .forEach(
              (fault, counts) -> System.out.printf("soak: after %s killed: %s%n", fault, counts));
      SoakTally.Counts all = tally.all();
      assertThat(all.accepted).as("accepted submissions").isPositive();
      assertThat(all.stored)
          .as("stored submissions, against the accepted")
          .isGreaterThanOrEqualTo(all.accepted);
      assertThat(all.lost()).as("accepted but never DONE").isZero();
      assertThat(all.doneTwice).as("DONE more than once").isZero();
      assertThat(all.wrongSeen + all.wrongStored).as("wrong verdicts: %s", tally.wrong()).isZero();
      assertBoundedGrowth(components, started, warm);

      // Stopped cleanly at the end, the workers leave no sandbox state on the host.
      for (String worker : List.of("worker-a", "worker-b")) {
        assertThat(deployment.stop(components.get(worker))).as(worker + " exit").isEqualTo(143);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(SandboxLeftovers.processesOfSandboxUids(config.worker()))
                      .as("processes of the sandbox uids")
                      .isEmpty());
      assertThat(SandboxLeftovers.mountsUnder(temp))
          .as("mounts under the work directories")
          .isEmpty();
      assertThat(SandboxLeftovers.cgroupsOf(services.namespace()))
          .as("cgroups of the namespace")
          .isEmpty();
      for (String name : List.of("a", "b")) {
        assertThat(SandboxLeftovers.runFiles(temp.resolve(name).resolve("work")))
            .as("run files of worker " + name)
            .isEmpty();
      }
    }
  }

  /**
   * Every stored submission, read once each is DONE or after a bounded wait: load-gen has followed
   * every accepted one to its end, so what may still be under way is only a submission stored for a
   * client that got no answer (the API killed mid-request), which the outbox sweep publishes.
   */
  private static List<Submission> storedOnceSettled() {
    SubmissionStore store = new SubmissionStore(services.mongo().database(), new MetricRegistry());
    List<Submission> stored = new ArrayList<>();
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                stored.clear();
                stored.addAll(all(store));
                return stored.stream().allMatch(s -> s.state() == SubmissionState.DONE);
              });
    } catch (ConditionTimeoutException e) {
      // why: what is still not DONE is counted as lost, with everything else, below.
    }
    return stored;
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
    for (String name : COMPONENTS) {
      long pid = components.get(name).pid();
      JvmFigures before = warm.get(pid);
      if (before == null) {
        continue;
      }
      JvmFigures after = JvmFigures.of(pid);
      long lived = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started.get(name));
      System.out.printf(
          "soak: %s (pid %d, up %d s): after warm-up %s; at the end %s%n",
          name, pid, lived, before, after);
      String what = name + " from " + before + " to " + after;
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

  private static List<String> withOwnUids(List<String> settings) {
    List<String> all = new ArrayList<>(settings);
    all.addAll(OWN_UIDS);
    return all;
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

  private static String sha256(String source) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
