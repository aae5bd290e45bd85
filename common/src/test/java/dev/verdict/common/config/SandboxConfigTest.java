package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sandbox and launcher a worker uses, and the combinations it refuses. */
class SandboxConfigTest {
  private static WorkerConfig worker(String... settings) {
    return ConfigLoader.load(null, Map.of(), List.of(settings)).worker();
  }

  @Test
  void the_built_in_sandbox_started_by_the_spawner_is_the_default() {
    assertThat(worker().sandbox()).isEqualTo(SandboxBackend.BUILTIN);
    assertThat(worker().launcher()).isEqualTo(Launcher.SPAWNER);
  }

  @Test
  void with_the_shell_launcher_the_default_is_bubblewrap() {
    assertThat(worker("worker.launcher=shell").sandbox()).isEqualTo(SandboxBackend.BUBBLEWRAP);
  }

  @Test
  void bubblewrap_can_be_chosen() {
    assertThat(worker("worker.sandbox=bubblewrap").sandbox()).isEqualTo(SandboxBackend.BUBBLEWRAP);
  }

  @Test
  void each_launcher_can_be_chosen_by_its_name() {
    assertThat(worker("worker.launcher=native").launcher()).isEqualTo(Launcher.NATIVE);
    assertThat(worker("worker.launcher=shell").launcher()).isEqualTo(Launcher.SHELL);
    assertThat(worker("worker.launcher=spawner").launcher()).isEqualTo(Launcher.SPAWNER);
  }

  @Test
  void each_value_reads_back_as_it_is_written() {
    assertThat(worker("worker.sandbox=bubblewrap").sandbox()).hasToString("bubblewrap");
    assertThat(worker("worker.launcher=native").launcher()).hasToString("native");
  }

  @Test
  void the_built_in_sandbox_with_the_shell_launcher_fails_naming_both() {
    assertThatThrownBy(() -> worker("worker.sandbox=builtin", "worker.launcher=shell"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.sandbox")
        .hasMessageContaining("worker.launcher");
  }

  @Test
  void an_unknown_sandbox_fails_naming_the_key_and_the_values() {
    assertThatThrownBy(() -> worker("worker.sandbox=lxc"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.sandbox must be bubblewrap, builtin or docker, was lxc");
  }

  @Test
  void the_docker_sandbox_takes_the_local_engine_and_refuses_a_launcher() {
    assertThat(worker("worker.sandbox=docker").dockerHost())
        .isEqualTo("unix:///var/run/docker.sock");
    assertThatThrownBy(() -> worker("worker.sandbox=docker", "worker.launcher=shell"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.launcher");
    assertThatThrownBy(() -> worker("worker.sandbox=docker", "worker.dockerHost=tcp://h:2375"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.dockerHost must be a unix:// socket");
  }

  @Test
  void the_docker_sandbox_creates_eight_containers_at_once_unless_configured() {
    assertThat(worker("worker.sandbox=docker").dockerCreateConcurrency()).isEqualTo(8);
    assertThat(worker("worker.dockerCreateConcurrency=4").dockerCreateConcurrency()).isEqualTo(4);
    assertThatThrownBy(() -> worker("worker.dockerCreateConcurrency=0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.dockerCreateConcurrency must be 1..256, was 0");
  }

  @Test
  void an_unknown_launcher_fails_naming_the_key_and_the_values() {
    assertThatThrownBy(() -> worker("worker.launcher=fork"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.launcher must be spawner, native or shell, was fork");
  }

  @Test
  void an_upper_case_value_is_not_a_value() {
    assertThatThrownBy(() -> worker("worker.sandbox=BUILTIN"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.sandbox must be");
  }
}
