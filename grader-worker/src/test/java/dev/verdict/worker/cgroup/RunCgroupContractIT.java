package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.common.config.LimitsConfig;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a run's cgroups do with either driver: count the CPU time of every process in them, kill
 * every one of them at once, and go when closed. Version 1 on this host's real hierarchies; version
 * 2 on a cgroup2 filesystem the test mounts, which has no controllers on this hybrid host (see
 * {@link Cgroup2Mount}), so there the run is made by hand in it, as its driver would below a slot.
 * Needs root; fails without it.
 */
@ParameterizedClass(name = "cgroup {0}")
@EnumSource(RunCgroupContractIT.Version.class)
class RunCgroupContractIT {
  enum Version {
    V1,
    V2
  }

  @Parameter Version version;
  @TempDir Path temp;
  private final List<Process> started = new ArrayList<>();
  private final List<AutoCloseable> cleanups = new ArrayList<>();
  private RunCgroup run;

  /** The run's own cgroup directories (v1's cpuset is the slot's: runs share it). */
  private List<Path> runDirs;

  @BeforeEach
  void newRun() throws Exception {
    switch (version) {
      case V1 -> {
        CgroupMounts mounts =
            CgroupMounts.read(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
        CgroupV1 driver =
            CgroupV1.create(
                mounts,
                "verdict-it-run-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        cleanups.add(driver);
        SlotCgroup slot = driver.forSlot(0, 0);
        cleanups.add(slot);
        run = slot.newRun(LimitsConfig.DEFAULT_RUN, 2);
      }
      case V2 -> {
        Cgroup2Mount mount = new Cgroup2Mount(temp);
        cleanups.add(mount);
        Path dir =
            mount.mounts().unifiedDir().resolve("verdict-it-run-" + ProcessHandle.current().pid());
        CgroupFiles.mkdir(dir);
        cleanups.add(() -> CgroupFiles.remove(dir));
        run = new CgroupV2.Run(dir);
      }
    }
    runDirs =
        run.procsFiles().stream()
            .map(Path::getParent)
            .filter(dir -> !dir.getFileName().toString().startsWith("core-"))
            .toList();
  }

  @AfterEach
  void removeEverything() throws Exception {
    for (Process process : started) {
      process.destroyForcibly();
      process.waitFor();
    }
    run.close();
    for (AutoCloseable cleanup : cleanups.reversed()) {
      cleanup.close();
    }
  }

  /** Starts a shell that joins the run, then runs the script in it. */
  private Process inTheRun(String script) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                "-c",
                "for f in \"$@\"; do echo 0 > \"$f\" || exit 9; done; " + script,
                "join"));
    run.procsFiles().forEach(procs -> command.add(procs.toString()));
    Process process = new ProcessBuilder(command).start();
    started.add(process);
    return process;
  }

  @Test
  void the_cpu_time_of_every_process_in_the_run_is_counted() throws Exception {
    inTheRun("(while :; do :; done) & sleep 600 & wait");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(runDirs).allSatisfy(dir -> assertThat(CgroupFiles.pids(dir)).hasSize(3));
              assertThat(run.cpuNanos()).isGreaterThan(50_000_000L);
            });
  }

  @Test
  void killing_a_run_kills_every_process_in_it_at_once_and_closing_removes_it() throws Exception {
    Process tree = inTheRun("sleep 600 & sleep 600 & echo ready; wait");
    try (BufferedReader out = tree.inputReader()) {
      assertThat(out.readLine()).isEqualTo("ready");
    }
    assertThat(runDirs)
        .isNotEmpty()
        .allSatisfy(dir -> assertThat(CgroupFiles.pids(dir)).hasSize(3));

    run.killAll();

    assertThat(tree.onExit()).succeedsWithin(Duration.ofSeconds(10));
    assertThat(runDirs).allSatisfy(dir -> assertThat(CgroupFiles.pids(dir)).isEmpty());
    assertThat(run.oomKilled()).isFalse();
    run.close();
    assertThat(runDirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
  }
}
