package dev.verdict.workerbench.baseline;

import dev.verdict.loadgen.report.Charts;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.report.SystemComparison;
import dev.verdict.loadgen.run.RunReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The report of {@code worker-bench baseline}: {@code baseline.json}, {@code baseline-runs.csv}
 * (one row per submission) and {@code baseline-cdf.png}.
 *
 * @param comparison the system's throughput over this raw limit, when {@code --system} was given
 */
public record BaselineReport(
    ReportHeader header,
    Map<String, Object> settings,
    RunReport.WorkloadSummary workload,
    BaselineFigures figures,
    SystemComparison comparison) {

  void write(ReportWriter writer, List<RawSample> samples) {
    writer.json("baseline.json", this);
    writer.csv("baseline-runs.csv", RawSample.class, samples);
    List<RawSample> measured = samples.stream().filter(RawSample::measured).toList();
    Map<String, Histogram> latencies = new LinkedHashMap<>();
    latencies.put("whole submission", BaselineFigures.histogram(measured, RawSample::wallMs));
    latencies.put(
        "compile",
        BaselineFigures.histogram(
            measured.stream().filter(s -> s.compileMs() > 0).toList(), RawSample::compileMs));
    latencies.put("test runs", BaselineFigures.histogram(measured, RawSample::runMs));
    Charts.latencyCdf(
        writer.dir().resolve("baseline-cdf.png"), "Raw sandbox loop: wall time CDF", latencies);
  }
}
