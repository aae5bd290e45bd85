package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sandbox a worker uses, and the combinations it refuses. */
class SandboxConfigTest {
  private static WorkerConfig worker(String... settings) {
    return ConfigLoader.load(null, Map.of(), List.of(settings)).worker();
  }

  @Test
  void the_built_in_sandbox_is_the_default() {
    assertThat(worker().sandbox()).isEqualTo("builtin");
    assertThat(worker().builtinSandbox()).isTrue();
  }

  @Test
  void with_the_shell_launcher_the_default_is_bubblewrap() {
    assertThat(worker("worker.launcher=shell").sandbox()).isEqualTo("bubblewrap");
    assertThat(worker("worker.launcher=shell").builtinSandbox()).isFalse();
  }

  @Test
  void bubblewrap_can_be_chosen() {
    assertThat(worker("worker.sandbox=bubblewrap").builtinSandbox()).isFalse();
  }

  @Test
  void the_built_in_sandbox_with_the_shell_launcher_fails_naming_both() {
    assertThatThrownBy(() -> worker("worker.sandbox=builtin", "worker.launcher=shell"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.sandbox")
        .hasMessageContaining("worker.launcher");
  }

  @Test
  void an_unknown_sandbox_fails_naming_the_key() {
    assertThatThrownBy(() -> worker("worker.sandbox=docker"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.sandbox");
  }
}
