package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchArgumentsTest {

  @Test
  void the_native_launcher_joins_the_cgroups_enters_the_slot_network_and_starts_the_sandbox() {
    List<String> args =
        LaunchArguments.of(LaunchPlans.plan(null, List.of()), Path.of("/run/netns/slot-0"));

    assertThat(args)
        .containsSubsequence("--uid", "61000", "--gid", "61000")
        .containsSubsequence("--status", "/scratch/status.json")
        .containsSubsequence("--own-cpu", "/scratch/sandbox-cpu")
        .containsSubsequence("--seccomp", "/scratch/seccomp.bpf")
        .containsSubsequence("--procs", "/cg/memory/procs", "--procs", "/cg/pids/procs")
        .containsSubsequence("--netns", "/run/netns/slot-0", "--", "/usr/bin/bwrap")
        .doesNotContain("--stdin", "--builtin", "/usr/bin/setpriv", "/bin/sh");
    assertThat(args.subList(args.indexOf("--"), args.size()))
        .containsExactly("--", "/usr/bin/bwrap", "--unshare-user", "--", "./main");
  }

  @Test
  void the_process_limit_of_the_uid_counts_the_sandboxs_own_processes_of_that_uid() {
    List<String> args = LaunchArguments.of(LaunchPlans.plan(null, List.of()), null);

    assertThat(args).containsSubsequence("--rlimit", "nproc=12").doesNotContain("--netns");
  }

  @Test
  void an_address_space_limit_is_an_rlimit_only_when_the_run_has_one() {
    List<String> without = LaunchArguments.of(LaunchPlans.plan(null, List.of()), null);
    List<String> with =
        LaunchArguments.of(
            LaunchPlans.plan(null, List.of(), Limits.limits().addressSpaceKb(400_000).build()),
            null);

    assertThat(without).noneMatch(arg -> arg.startsWith("as="));
    assertThat(with).containsSubsequence("--rlimit", "as=" + 400_000L * 1024);
  }

  @Test
  void the_input_and_the_backends_options_come_before_the_sandbox_command() {
    List<String> args =
        LaunchArguments.of(
            LaunchPlans.plan(Path.of("/runs/1.in"), List.of("--builtin", "/scratch/root")), null);

    assertThat(args)
        .containsSubsequence("--stdin", "/runs/1.in", "--builtin", "/scratch/root", "--")
        .endsWith("--", "/usr/bin/bwrap", "--unshare-user", "--", "./main");
  }
}
