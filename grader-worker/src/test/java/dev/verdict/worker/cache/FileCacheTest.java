package dev.verdict.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
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

  @Test
  void the_cache_and_every_file_in_it_are_private_to_the_worker() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("cache"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    String old = "a".repeat(64);
    Path left = Files.writeString(dir.resolve(old), "left by an older worker");
    Files.setPosixFilePermissions(left, PosixFilePermissions.fromString("rw-r--r--"));
    byte[] secret = "secret answer".getBytes();
    String sha = Sha256.hex(secret);

    FileCache cache = new FileCache(s -> secret, dir, 1 << 20, new MetricRegistry());
    Path fetched = cache.path(sha);
    cache.put(Sha256.hex(new byte[] {1}), new byte[] {1});

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    try (var files = Files.list(dir)) {
      assertThat(files.toList())
          .hasSize(3)
          .contains(fetched, left)
          .allSatisfy(
              file ->
                  assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                      .as("mode of %s", file.getFileName())
                      .isEqualTo("rw-------"));
    }
  }
}
