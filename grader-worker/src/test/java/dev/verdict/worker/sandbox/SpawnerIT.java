package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the slot's spawner adds to the contract, with each backend it starts: one process for all
 * runs, its loss, and output in frames.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#withTheSpawner")
class SpawnerIT extends SandboxTestSupport {
  private CgroupSandboxFixture sandboxes;

  @Override
  protected SandboxFixture newFixture() {
    sandboxes = new CgroupSandboxFixture(mode);
    return sandboxes;
  }

  private long spawnerPid() {
    return sandboxes.spawnerPid(0);
  }

  @Test
  void a_run_of_more_arguments_than_a_request_holds_fails_and_the_same_spawner_serves_the_next()
      throws Exception {
    assertThat(out(sh("echo first"))).isEqualTo("first\n");
    long spawner = spawnerPid();
    List<String> command = new ArrayList<>(List.of("/bin/true"));
    command.addAll(Collections.nCopies(70_000, "x"));

    assertThatThrownBy(() -> sandbox.run(request(command, box, false, LIMITS)))
        .isInstanceOf(SandboxException.class);

    assertThat(spawnerPid()).isEqualTo(spawner);
    assertStillWorks();
  }

  @Test
  void a_slot_starts_all_its_runs_from_one_spawner() {
    assertThat(out(sh("echo one"))).isEqualTo("one\n");
    long first = spawnerPid();
    assertThat(out(sh("echo two"))).isEqualTo("two\n");

    assertThat(first).isPositive();
    assertThat(spawnerPid()).isEqualTo(first);
  }

  @Test
  void a_spawner_killed_between_runs_is_started_again() throws Exception {
    sh("true");
    long first = spawnerPid();
    ProcessHandle handle = ProcessHandle.of(first).orElseThrow();
    handle.destroyForcibly();
    handle.onExit().get(10, TimeUnit.SECONDS);

    RunResult next = sh("echo again");

    assertThat(next.succeeded()).isTrue();
    assertThat(out(next)).isEqualTo("again\n");
    assertThat(spawnerPid()).isPositive().isNotEqualTo(first);
  }

  @Test
  void a_spawner_lost_during_a_run_fails_it_as_the_sandboxs_fault_and_takes_it_along()
      throws Exception {
    sh("true");
    long pid = spawnerPid();
    Path ready = box.resolve("ready");
    CompletableFuture<Void> killer =
        CompletableFuture.runAsync(
            () -> {
              awaitFile(ready);
              ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            });

    assertThatThrownBy(() -> shWritable("touch /box/ready; exec sleep 60"))
        .isInstanceOfSatisfying(
            SandboxException.class, e -> assertThat(e.retryable()).as("retryable").isTrue())
        .hasMessageContaining("spawner");
    killer.get(30, TimeUnit.SECONDS);
    // why: the run's processes die with the spawner (parent-death signals down the chain); their
    // remains go to the host's init, which reaps them in its own time.
    awaitNoProcessOf(fixture.uid(0));

    RunResult next = sh("echo still serving");
    assertThat(out(next)).isEqualTo("still serving\n");
  }

  @Test
  void a_run_outlives_the_thread_that_ran_the_slot_before() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<RunResult> before = new CompletableFuture<>();
    Thread earlier =
        Thread.ofPlatform()
            .start(
                () -> {
                  before.complete(sh("true"));
                  awaitQuietly(release);
                });
    assertThat(before.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
    ProcessHandle earlierSpawner = ProcessHandle.of(spawnerPid()).orElseThrow();
    Path ready = box.resolve("ready");
    CompletableFuture<Void> coordinator =
        CompletableFuture.runAsync(
            () -> {
              awaitFile(ready);
              release.countDown();
              try {
                earlier.join();
                earlierSpawner.onExit().get(30, TimeUnit.SECONDS);
                Files.createFile(box.resolve("done"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    RunResult result =
        shWritable(
            "touch /box/ready; while [ ! -e /box/done ]; do sleep 0.01; done; echo finished");
    coordinator.get(30, TimeUnit.SECONDS);

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    assertThat(out(result)).isEqualTo("finished\n");
    assertThat(earlierSpawner.isAlive()).isFalse();
  }

  @Test
  void output_larger_than_a_frame_arrives_whole_and_in_order() {
    String code =
        """
        import sys
        for i in range(20000):
            sys.stdout.write('%06d ' % i + 'x' * 57 + '\\n')
            if i % 1000 == 0:
                sys.stderr.write('e%d\\n' % i)
                sys.stderr.flush()
        """;

    RunResult result = python(code, Limits.limits().outputKb(4096).build());

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    List<String> lines = out(result).lines().toList();
    assertThat(lines).hasSize(20000);
    for (int i = 0; i < lines.size(); i += 997) {
      assertThat(lines.get(i)).startsWith("%06d ".formatted(i)).hasSize(64);
    }
    assertThat(err(result).lines().toList()).hasSize(20).startsWith("e0", "e1000");
  }

  /** Waits until the uid has no process left, not even a zombie; fails the test after 30 s. */
  private static void awaitNoProcessOf(int uid) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!HostProcesses.ofUid(uid).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still running as " + uid + ": " + HostProcesses.ofUid(uid));
      }
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a file the run creates; fails the test after 30 s. */
  private static void awaitFile(Path file) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(file + " never appeared");
      }
      Thread.onSpinWait();
    }
  }
}
