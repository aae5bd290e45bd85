package dev.verdict.loadgen.run;

import dev.verdict.loadgen.report.Charts;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.workload.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of {@code load-gen run}: {@code report.json} (header, settings, workload, figures),
 * {@code submissions.csv} (one row per submission) and {@code latency-cdf.png}.
 */
public record RunReport(
    ReportHeader header,
    Map<String, Object> settings,
    WorkloadSummary workload,
    RunFigures figures) {

  /** The workload as the report shows it. */
  public record WorkloadSummary(String name, List<EntrySummary> entries) {
    public static WorkloadSummary of(Workload workload) {
      return new WorkloadSummary(
          workload.name(),
          workload.entries().stream()
              .map(
                  e ->
                      new EntrySummary(
                          e.label(),
                          e.weight(),
                          e.problem(),
                          e.language(),
                          e.expect().stream().map(Enum::name).sorted().toList()))
              .toList());
    }
  }

  /** One workload entry as the report shows it. */
  public record EntrySummary(
      String label, double weight, String problem, String language, List<String> expect) {}

  /** Writes the three files into the report folder. */
  public void write(ReportWriter writer, RunOutcome outcome) {
    writer.json("report.json", this);
    writer.csv("submissions.csv", SampleRow.class, SampleRow.of(outcome));
    Map<String, org.HdrHistogram.Histogram> latencies = new LinkedHashMap<>();
    List<SubmissionSample> measured = outcome.measured();
    latencies.put(
        "accept (POST to 202)",
        RunFigures.histogram(
            measured.stream().filter(SubmissionSample::accepted).toList(),
            SubmissionSample::acceptMicros));
    latencies.put(
        "first result", RunFigures.histogram(measured, SubmissionSample::firstResultMicros));
    latencies.put(
        "end to end (POST to DONE)",
        RunFigures.histogram(measured, SubmissionSample::endToEndMicros));
    latencies.put(
        "server (created to finished)",
        RunFigures.histogram(measured, SubmissionSample::serverMicros));
    Charts.latencyCdf(
        writer.dir().resolve("latency-cdf.png"),
        "Latency CDF, " + outcome.load().describe(),
        latencies);
  }
}
