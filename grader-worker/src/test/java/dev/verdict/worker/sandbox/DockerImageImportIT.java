package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectImageResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The sandbox root is imported from Java, as {@code docker import} would, so a machine with an
 * engine needs no script run before the worker or the Docker sandbox's tests.
 */
class DockerImageImportIT {
  private static final String REPOSITORY = "verdict/sandbox-root-import-it";

  private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));

  @Test
  void the_sandbox_root_is_imported_as_an_image_of_one_empty_layer() {
    DockerEngine engine = DockerSandboxFixture.engine();
    try {
      engine.importImage(REPOSITORY, tag, SandboxRootImage.tar());

      InspectImageResponse image = engine.client().inspectImageCmd(REPOSITORY + ":" + tag).exec();
      assertThat(image.getSize()).isZero();
      assertThat(image.getRootFS().getLayers()).hasSize(1);
    } finally {
      engine.client().removeImageCmd(REPOSITORY + ":" + tag).withForce(true).exec();
    }
  }

  @Test
  void what_is_not_a_tar_archive_is_refused_with_the_engines_reason() {
    DockerEngine engine = DockerSandboxFixture.engine();

    assertThatThrownBy(
            () ->
                engine.importImage(
                    REPOSITORY, tag, "not a tar archive".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("did not import " + REPOSITORY + ":" + tag);
  }
}
