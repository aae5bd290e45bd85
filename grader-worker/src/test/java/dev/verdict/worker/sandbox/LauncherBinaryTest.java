package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LauncherBinaryTest {

  @Test
  void the_worker_compiles_every_source_the_build_compiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src", "main", "c"))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(LauncherBinary.SOURCES);
    }
  }

  @Test
  void the_jar_carries_every_source() {
    assertThat(LauncherBinary.sources())
        .containsOnlyKeys(LauncherBinary.SOURCES)
        .allSatisfy((name, content) -> assertThat(content).isNotEmpty());
  }
}
