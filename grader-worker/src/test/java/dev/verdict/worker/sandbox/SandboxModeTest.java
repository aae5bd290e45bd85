package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.config.Launcher;
import dev.verdict.common.config.SandboxBackend;
import org.junit.jupiter.api.Test;

/** The contracts' matrix: every backend with every launcher a worker can be configured with. */
class SandboxModeTest {

  @Test
  void the_matrix_holds_every_mode_the_configuration_accepts_and_no_other() {
    assertThat(SandboxMode.all())
        .containsExactlyInAnyOrder(
            new SandboxMode(SandboxBackend.BUILTIN, Launcher.SPAWNER),
            new SandboxMode(SandboxBackend.BUILTIN, Launcher.NATIVE),
            new SandboxMode(SandboxBackend.BUBBLEWRAP, Launcher.SPAWNER),
            new SandboxMode(SandboxBackend.BUBBLEWRAP, Launcher.NATIVE),
            new SandboxMode(SandboxBackend.BUBBLEWRAP, Launcher.SHELL),
            new SandboxMode(SandboxBackend.DOCKER, Launcher.SPAWNER));
  }

  @Test
  void every_backend_has_a_mode() {
    // why: the Docker backend's one mode is the default launcher, which the configuration keeps
    // for it.
    assertThat(SandboxMode.dockerOnly())
        .containsExactly(new SandboxMode(SandboxBackend.DOCKER, Launcher.SPAWNER));
    for (SandboxBackend backend : SandboxBackend.values()) {
      assertThat(SandboxMode.all())
          .anySatisfy(mode -> assertThat(mode.backend()).isEqualTo(backend));
    }
  }

  @Test
  void the_narrower_matrices_are_parts_of_the_whole_and_not_empty() {
    assertThat(SandboxMode.withTheSpawner()).hasSize(2).isSubsetOf(SandboxMode.all());
    assertThat(SandboxMode.measuringTheSandboxsOwnCpu()).hasSize(4).isSubsetOf(SandboxMode.all());
    assertThat(SandboxMode.builtin()).hasSize(2).isSubsetOf(SandboxMode.all());
  }
}
