package dev.verdict.loadgen.sweep;

import dev.verdict.loadgen.report.Charts;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.run.RunFigures;
import dev.verdict.loadgen.run.RunReport;
import dev.verdict.loadgen.run.SampleRow;
import dev.verdict.loadgen.run.SubmissionSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The report of {@code load-gen sweep}: {@code sweep.json}, {@code steps.csv}, {@code
 * submissions.csv}, {@code throughput.png} (throughput against offered load) and {@code
 * latency-cdf.png} (end-to-end latency of every step).
 *
 * @param throughputMax the best step's graded submissions per second
 * @param bestStep that step's index
 * @param bestOffered that step's load (clients or submissions/s)
 */
public record SweepReport(
    ReportHeader header,
    Map<String, Object> settings,
    RunReport.WorkloadSummary workload,
    double throughputMax,
    int bestStep,
    double bestOffered,
    String stopReason,
    List<StepSummary> steps) {

  /** One step in the JSON. */
  public record StepSummary(int index, double offered, RunFigures figures) {}

  public static SweepReport of(
      ReportHeader header,
      Map<String, Object> settings,
      RunReport.WorkloadSummary workload,
      Sweep.Result result) {
    return new SweepReport(
        header,
        settings,
        workload,
        result.throughputMax(),
        result.best(),
        result.steps().get(result.best()).load().offered(),
        result.stopReason(),
        result.steps().stream()
            .map(s -> new StepSummary(s.index(), s.load().offered(), s.figures()))
            .toList());
  }

  public void write(ReportWriter writer, Sweep.Result result) {
    writer.json("sweep.json", this);
    writer.csv("steps.csv", StepRow.class, result.steps().stream().map(StepRow::of).toList());
    List<SampleRow> rows = new ArrayList<>();
    result.steps().forEach(s -> rows.addAll(SampleRow.of(s.outcome())));
    writer.csv("submissions.csv", SampleRow.class, rows);
    String loadAxis =
        result.steps().get(0).load().open() ? "offered submissions / s" : "closed-loop clients";
    Charts.throughput(
        writer.dir().resolve("throughput.png"),
        "Throughput against offered load",
        loadAxis,
        List.of(series("graded / s", result)));
    Map<String, Histogram> latencies = new LinkedHashMap<>();
    for (Sweep.Step step : result.steps()) {
      latencies.put(
          step.load().describe(),
          RunFigures.histogram(step.outcome().measured(), SubmissionSample::endToEndMicros));
    }
    Charts.latencyCdf(
        writer.dir().resolve("latency-cdf.png"), "End-to-end latency CDF by step", latencies);
  }

  /** Throughput against offered load of one sweep, as a chart line. */
  private static Charts.Series series(String name, Sweep.Result result) {
    return new Charts.Series(
        name,
        result.steps().stream().map(s -> s.load().offered()).toList(),
        result.steps().stream().map(s -> s.figures().gradedPerSecond()).toList());
  }
}
