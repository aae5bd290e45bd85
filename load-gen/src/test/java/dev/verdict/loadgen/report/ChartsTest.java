package dev.verdict.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  static void assertPng(Path file) throws IOException {
    assertThat(file).exists();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(PNG_SIGNATURE);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isPositive();
  }

  @Test
  void drawsEveryChartAsPngWithoutADisplay() throws IOException {
    Histogram fast = new Histogram(3);
    Histogram slow = new Histogram(3);
    for (int i = 1; i <= 1000; i++) {
      fast.recordValue(10_000 + i * 10L);
      slow.recordValue(100_000 + i * 200L);
    }
    Map<String, Histogram> latencies = new LinkedHashMap<>();
    latencies.put("fast", fast);
    latencies.put("slow", slow);
    latencies.put("empty", new Histogram(3));

    Path cdf = Charts.latencyCdf(dir.resolve("cdf.png"), "CDF", latencies);
    Path throughput =
        Charts.throughput(
            dir.resolve("throughput.png"),
            "Throughput",
            "clients",
            List.of(new Charts.Series("graded", List.of(1.0, 2.0, 3.0), List.of(9.0, 17.5, 18.0))));

    assertPng(cdf);
    assertPng(throughput);
  }

  @Test
  void anEmptyCdfStillGivesAChart() throws IOException {
    Path cdf =
        Charts.latencyCdf(dir.resolve("empty.png"), "nothing", Map.of("none", new Histogram(3)));

    assertPng(cdf);
  }
}
