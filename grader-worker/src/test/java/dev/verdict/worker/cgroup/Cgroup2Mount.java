package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cgroup2 filesystem the test mounts on a directory of its own. On this hybrid host the memory,
 * pids and cpuset controllers are bound to v1, so it has none of them; CPU time, killing and
 * removing work as on any cgroup2 hierarchy.
 */
final class Cgroup2Mount implements AutoCloseable {
  private final Path mount;

  Cgroup2Mount(Path dir) throws IOException, InterruptedException {
    this.mount = Files.createDirectory(dir.resolve("cgroup2"));
    run("mount", "-t", "cgroup2", "none", mount.toString());
  }

  /** This process's real mountinfo line for the mount, and its real v2 cgroup path. */
  CgroupMounts mounts() throws IOException {
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

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("umount", mount.toString());
  }
}
