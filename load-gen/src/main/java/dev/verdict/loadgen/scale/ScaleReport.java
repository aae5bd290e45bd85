package dev.verdict.loadgen.scale;

import dev.verdict.loadgen.report.Charts;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.run.RunReport;
import dev.verdict.loadgen.sweep.Sweep;
import dev.verdict.loadgen.sweep.SweepReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report of {@code load-gen scale}: {@code scale.json}, {@code scale.csv} (N, Tmax, S(N),
 * efficiency), {@code speedup.png}, {@code throughput.png} (one line per N) and each sweep's files
 * prefixed {@code cores-N-}.
 */
public record ScaleReport(
    ReportHeader header,
    Map<String, Object> settings,
    RunReport.WorkloadSummary workload,
    List<ScalePoint> points,
    List<CoreSweep> sweeps) {

  /** One core count's sweep, as the JSON shows it. */
  public record CoreSweep(
      int cores,
      long workerPid,
      double throughputMax,
      double bestOffered,
      String stopReason,
      List<SweepReport.StepSummary> steps) {}

  /** A finished sweep on {@code cores} cores, with its raw samples for the CSV files. */
  public record Measured(int cores, long workerPid, Sweep.Result result) {
    CoreSweep summary() {
      return new CoreSweep(
          cores,
          workerPid,
          result.throughputMax(),
          result.steps().get(result.best()).load().offered(),
          result.stopReason(),
          result.steps().stream()
              .map(s -> new SweepReport.StepSummary(s.index(), s.load().offered(), s.figures()))
              .toList());
    }
  }

  public static ScaleReport of(
      ReportHeader header,
      Map<String, Object> settings,
      RunReport.WorkloadSummary workload,
      List<ScalePoint> points,
      List<Measured> measured) {
    return new ScaleReport(
        header, settings, workload, points, measured.stream().map(Measured::summary).toList());
  }

  public void write(ReportWriter writer, List<Measured> measured) {
    writer.json("scale.json", this);
    writer.csv("scale.csv", ScalePoint.class, points);
    Charts.speedup(
        writer.dir().resolve("speedup.png"),
        points.stream().map(ScalePoint::cores).toList(),
        points.stream().map(ScalePoint::speedup).toList());
    List<Charts.Series> series = new ArrayList<>();
    for (Measured m : measured) {
      series.add(SweepReport.series(m.cores() + " cores", m.result()));
      SweepReport.writeSteps(writer, m.result(), m.cores(), "cores-" + m.cores() + "-");
    }
    String loadAxis =
        measured.get(0).result().steps().get(0).load().open()
            ? "offered submissions / s"
            : "closed-loop clients";
    Charts.throughput(
        writer.dir().resolve("throughput.png"),
        "Throughput against offered load, by worker cores",
        loadAxis,
        series);
  }
}
