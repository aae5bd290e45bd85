package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapOptionsTest {
  @TempDir Path dir;

  private RunRequest request(List<String> readOnlyPaths) {
    return new RunRequest(
        List.of("/box/a.out"),
        dir,
        false,
        null,
        Limits.limits().tmpMb(3).build(),
        readOnlyPaths,
        Map.of());
  }

  @Test
  void the_work_directory_is_one_mount_however_many_files_it_holds() throws IOException {
    Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));
    for (int i = 0; i < 5_000; i++) {
      Files.writeString(dir.resolve("C" + i + ".class"), "x");
    }

    List<String> args = new BubblewrapOptions(false).forRun(request(List.of()));

    assertThat(args).containsSubsequence("--ro-bind", dir.toString(), "/box");
    assertThat(args).noneMatch(arg -> arg.startsWith("/box/") && !arg.equals("/box/a.out"));
    assertThat(args).doesNotContain("/etc/passwd");
    assertThat(args.size()).isLessThan(100);
  }

  @Test
  void the_root_and_dev_are_remounted_read_only_after_every_other_mount() throws IOException {
    List<String> args = new BubblewrapOptions(false).forRun(request(List.of("/opt/jdk")));

    int remount = args.indexOf("--remount-ro");
    assertThat(args.subList(remount, remount + 4))
        .containsExactly("--remount-ro", "/dev", "--remount-ro", "/");
    assertThat(args.subList(remount, args.size()))
        .doesNotContain("--bind", "--ro-bind", "--tmpfs", "--symlink");
    assertThat(args.indexOf("/opt/jdk")).isGreaterThan(args.indexOf("/tmp"));
    assertThat(args).containsSubsequence("--size", Long.toString(3L << 20), "--tmpfs", "/dev/shm");
    assertThat(args.subList(args.indexOf("--"), args.size())).containsExactly("--", "/box/a.out");
  }

  @Test
  void a_run_outside_the_slots_network_namespace_gets_a_new_one() throws IOException {
    List<String> args = new BubblewrapOptions(false).forRun(request(List.of()));

    assertThat(args).contains("--unshare-all", "--unshare-user");
  }

  @Test
  void a_run_in_the_slots_network_namespace_gets_every_other_namespace_new() throws IOException {
    List<String> args = new BubblewrapOptions(true).forRun(request(List.of()));

    assertThat(args).doesNotContain("--unshare-all", "--unshare-net");
    assertThat(args)
        .contains(
            "--unshare-user",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup");
  }

  @Test
  void only_a_run_that_ends_with_its_program_ties_the_sandboxs_init_to_it() {
    RunRequest lasting = request(List.of());

    assertThat(new BubblewrapOptions(false).forRun(lasting)).doesNotContain("--die-with-parent");
    List<String> ending = new BubblewrapOptions(false).forRun(lasting.endingWithProgram(true));
    assertThat(ending.subList(0, ending.indexOf("--"))).contains("--die-with-parent");
  }
}
