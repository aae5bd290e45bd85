package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 driver against a real cgroup2 filesystem, mounted by the test on a temp dir. On this
 * hybrid host the memory, pids and cpuset controllers are bound to v1, so the v2 hierarchy has none
 * of them: the driver must refuse it by name. Needs root; fails without it.
 */
class CgroupV2IT {
  @TempDir Path temp;
  private Path mount;
  private final List<Path> created = new ArrayList<>();
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void mountCgroup2() throws Exception {
    mount = Files.createDirectory(temp.resolve("cgroup2"));
    run("mount", "-t", "cgroup2", "none", mount.toString());
  }

  @AfterEach
  void unmount() throws Exception {
    for (Process process : started) {
      process.destroyForcibly();
      process.waitFor();
    }
    for (Path dir : created.reversed()) {
      CgroupFiles.remove(dir);
    }
    run("umount", mount.toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
  }

  /** This process's real mountinfo line for the test's mount, and its real v2 cgroup path. */
  private CgroupMounts mounts() throws IOException {
    List<String> mountinfo =
        Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
            .filter(line -> line.contains(" " + mount + " "))
            .toList();
    List<String> self =
        Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
            .filter(line -> line.startsWith("0::"))
            .toList();
    assertThat(mountinfo).hasSize(1);
    return CgroupMounts.parse(mountinfo, self);
  }

  @Test
  void the_driver_refuses_a_v2_hierarchy_without_its_controllers_and_names_them() throws Exception {
    CgroupMounts mounts = mounts();
    String ownBefore = Files.readString(Path.of("/proc/self/cgroup"));

    assertThat(mounts.unified()).isTrue();
    assertThatThrownBy(() -> CgroupV2.create(mounts, "verdict-it-v2"))
        .isInstanceOf(CgroupException.class)
        .hasMessageContaining("cgroup v2 controller(s) [memory, pids, cpuset] not available in")
        .hasMessageContaining(mounts.unifiedDir().toString());
    assertThat(mounts.unifiedDir().resolve("verdict-it-v2")).doesNotExist();
    assertThat(mounts.unifiedDir().resolve("verdict-it-v2-worker")).doesNotExist();
    assertThat(Files.readString(Path.of("/proc/self/cgroup"))).isEqualTo(ownBefore);
  }

  @Test
  void a_v2_run_reads_cpu_time_and_kills_every_process_at_once() throws Exception {
    Path dir = mounts().unifiedDir().resolve("verdict-it-v2-run-" + ProcessHandle.current().pid());
    Files.createDirectory(dir);
    created.add(dir);
    CgroupV2.Run run = new CgroupV2.Run(dir);
    Process tree =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "echo 0 > \"$1\"; (while :; do :; done) & sleep 600 & wait",
                "join",
                run.procsFiles().get(0).toString())
            .start();
    started.add(tree);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(CgroupFiles.pids(dir)).hasSize(3);
              assertThat(run.cpuNanos()).isGreaterThan(50_000_000L);
            });
    run.killAll();

    assertThat(tree.onExit()).succeedsWithin(Duration.ofSeconds(10));
    assertThat(CgroupFiles.pids(dir)).isEmpty();
    assertThat(run.oomKilled()).isFalse();
    run.close();
    assertThat(dir).doesNotExist();
  }
}
