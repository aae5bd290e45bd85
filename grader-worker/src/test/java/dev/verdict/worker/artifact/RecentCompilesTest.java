package dev.verdict.worker.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentCompilesTest {
  @TempDir Path temp;
  private final MetricRegistry metrics = new MetricRegistry();

  private Path program(String name, int bytes) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    byte[] content = new byte[bytes];
    // why: random bytes do not shrink in the archive, so its size is about the file's.
    new Random(name.hashCode()).nextBytes(content);
    Files.write(dir.resolve("main"), content);
    return dir;
  }

  @Test
  void a_kept_compile_is_given_back_with_its_program_and_output() throws IOException {
    RecentCompiles recent = new RecentCompiles(1 << 20, metrics);
    recent.put("k", true, "warning: x", 12.5, program("p", 100));

    CompiledArtifacts.Stored stored = recent.get("k").orElseThrow();

    assertThat(stored.succeeded()).isTrue();
    assertThat(stored.output()).isEqualTo("warning: x");
    assertThat(stored.compileTimeMs()).isEqualTo(12.5);
    Path into = Files.createDirectories(temp.resolve("into"));
    stored.unpackInto(into, (int) Files.getAttribute(into, "unix:uid"));
    assertThat(into.resolve("main")).hasSameBinaryContentAs(temp.resolve("p").resolve("main"));
    assertThat(recent.get("other")).isEmpty();
    assertThat(metrics.counter("verdict.worker.compile.recent.hits").getCount()).isEqualTo(1);
    assertThat(metrics.counter("verdict.worker.compile.recent.misses").getCount()).isEqualTo(1);
  }

  @Test
  void a_compile_error_is_kept_without_a_program() throws IOException {
    RecentCompiles recent = new RecentCompiles(1 << 20, metrics);
    recent.put("k", false, "error: oops", 3.0, program("p", 100));

    CompiledArtifacts.Stored stored = recent.get("k").orElseThrow();

    assertThat(stored.succeeded()).isFalse();
    assertThat(stored.archive()).isNull();
    assertThat(stored.output()).isEqualTo("error: oops");
  }

  @Test
  void beyond_the_cap_the_least_recently_used_go_first() throws IOException {
    RecentCompiles recent = new RecentCompiles(30_000, metrics);
    recent.put("a", true, "", 1, program("a", 10_000));
    recent.put("b", true, "", 1, program("b", 10_000));
    assertThat(recent.get("a")).isPresent();

    recent.put("c", true, "", 1, program("c", 10_000));

    assertThat(recent.get("b")).as("the least recently used").isEmpty();
    assertThat(recent.get("a")).isPresent();
    assertThat(recent.get("c")).isPresent();
    assertThat(recent.sizeBytes()).isLessThanOrEqualTo(30_000);
  }

  @Test
  void a_program_larger_than_the_cap_and_any_program_with_no_room_are_not_kept()
      throws IOException {
    RecentCompiles small = new RecentCompiles(1_000, metrics);
    RecentCompiles none = new RecentCompiles(0, metrics);

    small.put("big", true, "", 1, program("big", 10_000));
    none.put("k", false, "error", 1, program("p", 10));

    assertThat(small.get("big")).isEmpty();
    assertThat(small.sizeBytes()).isZero();
    assertThat(none.get("k")).isEmpty();
  }
}
