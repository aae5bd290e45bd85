package dev.verdict.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The system's throughput (from a {@code run} or {@code sweep} report) over the raw limit (a
 * figure, e.g. what {@code worker-bench baseline} measured). The design target is at least 0.9.
 *
 * @param systemReport the report file read
 * @param systemThroughput its graded submissions per second ({@code throughputMax} of a sweep,
 *     {@code figures.gradedPerSecond} of a run)
 * @param ratio {@code systemThroughput / raw}
 */
public record SystemComparison(
    String systemReport,
    String systemCommand,
    double systemThroughput,
    double rawThroughput,
    double ratio,
    double target,
    boolean meetsTarget) {

  public static final double TARGET = 0.9;

  /**
   * Reads the system's throughput from {@code report} and sets it beside {@code raw}, the raw limit
   * in submissions per second.
   *
   * @throws IllegalArgumentException when the file cannot be read or is neither report
   */
  public static SystemComparison of(Path report, double raw) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(report.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --system " + report + ": " + e.getMessage(), e);
    }
    String command = root.path("header").path("command").asText("unknown");
    double system;
    if (root.path("throughputMax").isNumber()) {
      system = root.get("throughputMax").asDouble();
    } else if (root.path("figures").path("gradedPerSecond").isNumber()) {
      system = root.path("figures").path("gradedPerSecond").asDouble();
    } else {
      throw new IllegalArgumentException(
          "--system "
              + report
              + " is neither a run report (figures.gradedPerSecond) nor a sweep report"
              + " (throughputMax)");
    }
    double ratio = raw > 0 ? Math.round(system / raw * 1000) / 1000.0 : 0;
    return new SystemComparison(
        report.toString(), command, system, raw, ratio, TARGET, ratio >= TARGET);
  }
}
