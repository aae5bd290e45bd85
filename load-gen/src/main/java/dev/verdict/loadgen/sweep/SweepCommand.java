package dev.verdict.loadgen.sweep;

import dev.verdict.loadgen.cli.TargetOptions;
import dev.verdict.loadgen.cli.Terminal;
import dev.verdict.loadgen.client.VerdictClient;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.run.LoadRun;
import dev.verdict.loadgen.run.RunReport;
import dev.verdict.loadgen.workload.Workload;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code load-gen sweep}: finds Throughput_max by raising the load until it stops paying. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Raises the load step by step until throughput stops growing: Throughput_max.",
    description = {
      "Raises the offered load step by step against a running Verdict (closed loop: 1, 2, 3..."
          + " clients; open loop: Poisson rates) and stops when throughput stops growing (neither"
          + " of the last two steps beat the step before them by --min-gain), when latency"
          + " explodes (--latency-factor, --max-p99) or when too many submissions fail"
          + " (--max-failure-rate). Reports Throughput_max and every step's throughput and"
          + " latency percentiles.",
      "",
      "Example: load-gen sweep --workload python-sum --from 1 --step 1 --step-duration 20s"
          + " --out /tmp/sweep",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the sweep ran to its end", "2:bad usage or workload"})
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Mixin SweepOptions sweep;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Workload workload = target.workload();
    SweepPlan plan = sweep.plan();
    StopRule rule = sweep.stopRule();
    Sweep.Result result;
    try (VerdictClient client = target.client()) {
      LoadRun run =
          new LoadRun(
              client,
              workload,
              target.polling(),
              target.seed(),
              Terminal.progress(spec.commandLine().getErr(), target.progressEvery()));
      result =
          new Sweep(run, plan, sweep.perStep(target.timeout(), target.maxInFlight()), rule, out)
              .execute();
    }
    out.printf(
        "Throughput_max %.2f graded/s at %s; stopped: %s%n",
        result.throughputMax(),
        result.steps().get(result.best()).load().describe(),
        result.stopReason());
    if (target.out() != null) {
      SweepReport.of(
              ReportHeader.of("sweep", spec.root().commandLine().getParseResult().originalArgs()),
              settings(target, sweep),
              RunReport.WorkloadSummary.of(workload),
              result)
          .write(new ReportWriter(target.out()), result);
      out.println("report " + target.out().toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  private static Map<String, Object> settings(TargetOptions target, SweepOptions sweep) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", target.url().toString());
    settings.put("workload", target.workloadSpec());
    settings.put("plan", sweep.plan());
    StopRule rule = sweep.stopRule();
    Map<String, Object> stop = new LinkedHashMap<>();
    stop.put("minGain", rule.minGain());
    stop.put("latencyFactor", rule.latencyFactor());
    stop.put("maxP99Ms", rule.maxP99() == null ? null : rule.maxP99().toMillis());
    stop.put("maxFailureRate", rule.maxFailureRate());
    settings.put("stopRule", stop);
    settings.put("stepDurationSeconds", sweep.stepDuration.toMillis() / 1e3);
    settings.put("warmupSeconds", sweep.warmup.toMillis() / 1e3);
    settings.put("timeoutSeconds", target.timeout().toMillis() / 1e3);
    settings.put("polling", target.pollingSummary());
    settings.put("seed", target.seed());
    return settings;
  }
}
