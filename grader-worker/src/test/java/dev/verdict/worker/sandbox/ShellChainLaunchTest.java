package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellChainLaunchTest {

  @Test
  void the_chain_drops_to_the_slots_uid_before_the_sandbox_command() {
    List<String> argv = ShellChainLaunch.argv(LaunchPlans.plan(null, List.of()));

    assertThat(argv.getFirst()).isEqualTo("/usr/bin/setpriv");
    assertThat(argv)
        .containsSubsequence("/usr/bin/unshare", "--pid", "--fork")
        .containsSubsequence("--reuid=61000", "--regid=61000", "--clear-groups", "/usr/bin/bwrap");
    assertThat(argv).endsWith("/usr/bin/bwrap", "--sync-fd", "9", "--args", "7", "--", "./main");
  }

  @Test
  void the_sandboxs_options_go_to_bubblewrap_in_a_file_never_on_its_command_line() {
    LaunchPlan plan = LaunchPlans.plan(Path.of("/cache/ab12"), List.of());

    List<String> argv = ShellChainLaunch.argv(plan);

    assertThat(argv).doesNotContain("--unshare-user", "/cache/ab12");
    assertThat(new String(ShellChainLaunch.optionsFile(plan), StandardCharsets.UTF_8))
        .isEqualTo("--unshare-user\0");
  }

  @Test
  void the_chain_cannot_build_the_built_in_sandbox() {
    ShellChainLaunch chain = new ShellChainLaunch();

    assertThatThrownBy(
            () ->
                chain.start(
                    LaunchPlans.plan(null, List.of("--builtin", "/scratch/root")),
                    new BoundedOutput(1, () -> {}),
                    new BoundedOutput(1, () -> {})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--builtin");
    assertThat(chain.entersSlotNetwork()).isFalse();
    assertThat(chain.reportsSandboxCpu()).isFalse();
  }
}
