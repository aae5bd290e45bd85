package dev.verdict.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemComparisonTest {
  @TempDir Path dir;

  @Test
  void comparesARunReportsThroughputWithTheRawLimit() throws IOException {
    Path run = dir.resolve("report.json");
    Files.writeString(
        run, "{\"header\": {\"command\": \"run\"}, \"figures\": {\"gradedPerSecond\": 45.0}}");

    SystemComparison c = SystemComparison.of(run, 50.0);

    assertThat(c.systemCommand()).isEqualTo("run");
    assertThat(c.ratio()).isEqualTo(0.9);
    assertThat(c.meetsTarget()).isTrue();
  }

  @Test
  void usesASweepsThroughputMax() throws IOException {
    Path sweep = dir.resolve("sweep.json");
    Files.writeString(sweep, "{\"header\": {\"command\": \"sweep\"}, \"throughputMax\": 40.0}");

    SystemComparison c = SystemComparison.of(sweep, 50.0);

    assertThat(c.ratio()).isEqualTo(0.8);
    assertThat(c.meetsTarget()).isFalse();
  }

  @Test
  void rejectsAnotherKindOfFile() throws IOException {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"points\": []}");

    assertThatThrownBy(() -> SystemComparison.of(other, 50.0))
        .hasMessageContaining("neither a run report");
  }
}
