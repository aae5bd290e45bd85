package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.testing.HostGcc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native launcher as the worker builds it at start-up, from the sources in its jar, and the
 * numbers it refuses before it does anything.
 */
class LauncherBinaryIT {
  @TempDir Path dir;

  private record Ended(int exitCode, String stderr) {}

  private static Ended run(Path launcher, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Ended(process.exitValue(), stderr);
  }

  @Test
  void it_is_built_once_per_source_version_and_then_reused() throws IOException {
    Path first = LauncherBinary.build(dir, HostGcc.path());
    long built = Files.getLastModifiedTime(first).toMillis();

    Path again = LauncherBinary.build(dir, HostGcc.path());

    assertThat(again).isEqualTo(first).isExecutable();
    assertThat(Files.getLastModifiedTime(again).toMillis()).isEqualTo(built);
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(first);
    }
  }

  @Test
  void a_number_that_is_not_a_whole_number_in_its_range_stops_the_launch_naming_it()
      throws Exception {
    Path launcher = LauncherBinary.build(dir, HostGcc.path());
    String[][] refused = {
      {"--uid", "abc", "--uid"},
      {"--uid", "61000x", "--uid"},
      {"--uid", " 61000", "--uid"},
      {"--uid", "-1", "--uid"},
      {"--uid", "0", "--uid"},
      {"--uid", "99999999999", "--uid"},
      {"--rlimit", "nofile=", "--rlimit value"},
      {"--rlimit", "nofile=+64", "--rlimit value"},
      {"--rlimit", "nofile=99999999999999999999", "--rlimit value"},
    };
    for (String[] option : refused) {
      List<String> args = new ArrayList<>(List.of("--uid", "61000", "--gid", "61000"));
      args.addAll(List.of("--status", dir.resolve("status").toString(), option[0], option[1]));
      args.addAll(List.of("--", "/bin/true"));

      Ended ended = run(launcher, "", args.toArray(String[]::new));

      assertThat(ended.exitCode()).as("%s %s", option[0], option[1]).isEqualTo(125);
      assertThat(ended.stderr())
          .as("%s %s", option[0], option[1])
          .contains(option[2] + " must be a number in")
          .contains("was '" + option[1].substring(option[1].indexOf('=') + 1) + "'");
    }
  }

  @Test
  void a_tmpfs_size_that_is_not_a_number_stops_the_built_in_sandbox() throws Exception {
    Path launcher = LauncherBinary.build(dir, HostGcc.path());

    Ended ended =
        run(
            launcher,
            "",
            "--uid",
            "61000",
            "--gid",
            "61000",
            "--status",
            dir.resolve("status").toString(),
            "--builtin",
            dir.resolve("root").toString(),
            "--",
            "--size",
            "64m",
            "--tmpfs",
            "/tmp",
            "--",
            "/bin/true");

    assertThat(ended.exitCode()).isEqualTo(125);
    assertThat(ended.stderr()).contains("--size must be a number in").contains("was '64m'");
  }

  @Test
  void the_spawner_refuses_a_request_whose_argument_count_is_not_a_number() throws Exception {
    Path launcher = LauncherBinary.build(dir, HostGcc.path());

    Ended ended = run(launcher, "2x\0--uid\0", "--serve");

    assertThat(ended.exitCode()).isEqualTo(125);
    // why: a count that is a number but too large is refused per request (the spawner serves the
    // next, see SpawnerIT); one that is not a number leaves the stream unreadable, so it exits.
    assertThat(ended.stderr()).contains("argument count must be a number in 1..", "was '2x'");
  }

  @Test
  void the_built_in_sandbox_runs_for_a_worker_without_cap_setpcap() throws Exception {
    // why: a worker container gets only the capabilities it needs (docs/deploy.md), not
    // CAP_SETPCAP, without which no capability can leave the bounding set; the program must run
    // all the same (no_new_privs and nosuid mounts keep the worker's few from being used).
    Path launcher = LauncherBinary.build(dir, HostGcc.path());
    Files.createDirectories(dir.resolve("root"));
    List<String> command =
        List.of(
            "/usr/bin/setpriv",
            "--bounding-set=-setpcap",
            launcher.toString(),
            "--uid",
            "60999",
            "--gid",
            "60999",
            "--status",
            dir.resolve("status").toString(),
            "--builtin",
            dir.resolve("root").toString(),
            "--",
            "--unshare-all",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--symlink",
            "usr/bin",
            "/bin",
            "--proc",
            "/proc",
            "--",
            "/bin/grep",
            "^CapEff",
            "/proc/self/status");
    Process process = new ProcessBuilder(command).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as("stderr: %s", stderr).isZero();
    assertThat(stdout).isEqualTo("CapEff:\t0000000000000000\n");
  }
}
