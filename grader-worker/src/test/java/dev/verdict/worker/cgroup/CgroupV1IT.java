package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver on this host's real cgroups (v1 here). What a v1 run does is in {@link
 * RunCgroupContractIT}. Needs root; fails without it.
 */
class CgroupV1IT {
  private final String group =
      "verdict-it-cg-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  private final List<Process> started = new ArrayList<>();
  private CgroupDriver driver;

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Process process : started) {
      process.destroyForcibly();
      process.waitFor();
    }
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void detection_picks_the_version_this_host_uses_and_says_so() {
    boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));

    driver = CgroupDriver.detect(group);

    assertThat(driver.describe()).startsWith(v2 ? "cgroup v2" : "cgroup v1").contains(group);
  }

  @Test
  void a_new_slot_removes_the_runs_a_crashed_worker_left_and_kills_their_processes()
      throws IOException {
    driver = CgroupDriver.detect(group);
    SlotCgroup crashed = driver.forSlot(0, 0);
    Process leftover = new ProcessBuilder("sleep", "600").start();
    started.add(leftover);
    List<Path> runDirs = new ArrayList<>();
    for (Path slotDir : crashed.directories()) {
      Path run = slotDir.resolve("run-7");
      Files.createDirectory(run);
      if (Files.exists(run.resolve("cpuset.cpus"))) {
        Files.writeString(
            run.resolve("cpuset.cpus"), Files.readString(slotDir.resolve("cpuset.cpus")));
        Files.writeString(
            run.resolve("cpuset.mems"), Files.readString(slotDir.resolve("cpuset.mems")));
      }
      Files.writeString(run.resolve("cgroup.procs"), Long.toString(leftover.pid()));
      runDirs.add(run);
    }
    assertThat(Files.readAllLines(runDirs.get(0).resolve("cgroup.procs")))
        .contains(Long.toString(leftover.pid()));

    CgroupDriver restarted = CgroupDriver.detect(group);
    SlotCgroup slot = restarted.forSlot(0, 0);

    assertThat(leftover.onExit()).succeedsWithin(Duration.ofSeconds(10));
    assertThat(runDirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
    assertThat(slot.directories()).allSatisfy(dir -> assertThat(dir).isDirectory());
    slot.close();
  }

  @Test
  void a_worker_that_stops_leaves_the_group_to_another_worker_of_the_host_still_running() {
    driver = CgroupDriver.detect(group);
    CgroupDriver other = CgroupDriver.detect(group);
    SlotCgroup stopping = driver.forSlot(0, 0);
    SlotCgroup running = other.forSlot(0, 1);

    stopping.close();
    driver.close();

    assertThat(running.directories()).allSatisfy(dir -> assertThat(dir).isDirectory());
    running.close();
    other.close();
    assertThat(running.directories()).allSatisfy(dir -> assertThat(dir.getParent()).doesNotExist());
  }
}
