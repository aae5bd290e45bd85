package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.worker.cgroup.RunCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapCommandTest {
  @TempDir Path dir;

  @Test
  void work_directory_links_are_recreated_as_links_never_bind_mounted() throws IOException {
    Files.writeString(dir.resolve("main.py"), "print(1)\n");
    Files.createDirectory(dir.resolve("pkg"));
    Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(dir.resolve("up"), Path.of("../.."));

    List<String> args = BubblewrapCommand.boxEntries(dir);

    assertThat(args)
        .containsExactly(
            "--ro-bind",
            dir.resolve("main.py").toString(),
            "/box/main.py",
            "--symlink",
            "/etc/passwd",
            "/box/passwd",
            "--ro-bind",
            dir.resolve("pkg").toString(),
            "/box/pkg",
            "--symlink",
            "../..",
            "/box/up");
  }

  @Test
  void the_root_and_dev_are_remounted_read_only_after_every_other_mount() throws IOException {
    RunRequest request =
        new RunRequest(
            List.of("/box/a.out"),
            dir,
            false,
            null,
            Limits.limits().tmpMb(3).build(),
            List.of("/opt/jdk"),
            Map.of());

    List<String> argv =
        new BubblewrapCommand(61_000, "/usr/bin/bwrap", LaunchOptions.SHELL)
            .argv(request, null, dir.resolve("status"), dir.resolve("own-cpu"));

    int remount = argv.indexOf("--remount-ro");
    assertThat(argv.subList(remount, remount + 4))
        .containsExactly("--remount-ro", "/dev", "--remount-ro", "/");
    assertThat(argv.subList(remount, argv.size()))
        .doesNotContain("--bind", "--ro-bind", "--tmpfs", "--symlink");
    assertThat(argv.indexOf("/opt/jdk")).isGreaterThan(argv.indexOf("/tmp"));
    assertThat(argv).containsSubsequence("--size", Long.toString(3L << 20), "--tmpfs", "/dev/shm");
    assertThat(argv).contains("--reuid=61000", "--regid=61000", "--clear-groups");
    assertThat(argv.subList(argv.indexOf("--"), argv.size())).containsExactly("--", "/box/a.out");
  }

  @Test
  void the_native_launcher_joins_the_cgroups_enters_the_slot_network_and_starts_bubblewrap()
      throws IOException {
    RunRequest request =
        new RunRequest(
            List.of("./main"), dir, false, null, Limits.limits().build(), List.of(), Map.of());
    RunCgroup run =
        new RunCgroup() {
          @Override
          public List<Path> procsFiles() {
            return List.of(Path.of("/cg/memory/procs"), Path.of("/cg/pids/procs"));
          }

          @Override
          public long cpuNanos() {
            return 0;
          }

          @Override
          public long peakMemoryBytes() {
            return 0;
          }

          @Override
          public boolean oomKilled() {
            return false;
          }

          @Override
          public void killAll() {}

          @Override
          public void close() {}
        };
    LaunchOptions options =
        new LaunchOptions(Path.of("/opt/verdict-launch"), Path.of("/run/netns/slot-0"));

    List<String> argv =
        new BubblewrapCommand(61_000, "/usr/bin/bwrap", options)
            .argv(request, run, Path.of("/scratch/status.json"), Path.of("/scratch/sandbox-cpu"));

    assertThat(argv.get(0)).isEqualTo("/opt/verdict-launch");
    assertThat(argv)
        .containsSubsequence("--uid", "61000", "--gid", "61000")
        .containsSubsequence("--status", "/scratch/status.json")
        .containsSubsequence("--procs", "/cg/memory/procs", "--procs", "/cg/pids/procs")
        .containsSubsequence("--netns", "/run/netns/slot-0", "--", "/usr/bin/bwrap");
    List<String> bwrap = argv.subList(argv.indexOf("/usr/bin/bwrap"), argv.size());
    assertThat(bwrap).doesNotContain("--unshare-all", "--unshare-net");
    assertThat(bwrap).contains("--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts");
    assertThat(argv).doesNotContain("/usr/bin/setpriv", "/bin/sh");
  }

  @Test
  void a_slot_network_namespace_needs_the_native_launcher() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new LaunchOptions(null, Path.of("/run/netns/x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
