package dev.verdict.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileCacheTest {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"../outside", "../../etc/passwd", "/etc/passwd", "", "ABC"})
  void a_name_that_is_no_sha256_never_becomes_a_path(String name) throws Exception {
    Path outside = Files.writeString(temp.resolve("outside"), "secret");
    FileCache cache =
        new FileCache(sha -> new byte[0], temp.resolve("cache"), 1 << 20, new MetricRegistry());

    assertThatThrownBy(() -> cache.path(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.put(name, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(outside).hasContent("secret");
  }
}
