package dev.verdict.loadgen.run;

import dev.verdict.loadgen.cli.TargetOptions;
import dev.verdict.loadgen.cli.Terminal;
import dev.verdict.loadgen.client.VerdictClient;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.workload.Workload;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code load-gen run}: one load test at a fixed offered load. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "One load test at a fixed load: closed loop (--clients) or open loop (--rate).",
    description = {
      "Offers a fixed load to a running Verdict through its HTTP API and measures every"
          + " submission: accept latency (POST to 202), time to the first test result, end-to-end"
          + " latency (POST to DONE), verdicts against the workload's expected ones, errors by kind,"
          + " graded throughput, the status GETs it took, and load-gen's own CPU.",
      "",
      "Closed loop (--clients N): N clients each submit, wait for DONE and repeat. Open loop"
          + " (--rate R): Poisson arrivals at R per second regardless of answers. For --duration"
          + " or --count.",
      "",
      "Built-in workloads:",
      "  python-sum  trivial Python a+b on problem sum (10 tests), ACCEPTED",
      "  c-sum       C a+b on problem sum (gcc compile + 10 runs), ACCEPTED",
      "  cpu-bound   Python sieve on problem primes, ACCEPTED",
      "  tle         Python infinite loop on sum, TIME_LIMIT_EXCEEDED",
      "  hostile     fork bomb, memory hog and stdout flood, each its limit's verdict",
      "",
      "Example: load-gen run --workload python-sum --clients 4 --duration 30s --out /tmp/lg",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every submission was graded with an expected verdict",
      "1:some submission failed, timed out or got an unexpected verdict (see the report)",
      "2:bad usage or workload"
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Mixin LoadOptions loadOptions;

  @Option(
      names = "--process",
      paramLabel = "NAME=PID",
      description =
          "Also report the CPU time this process of the machine spent per graded submission in"
              + " the measured window (all its threads; not its children). PID may be a PID file,"
              + " e.g. --process api=.verdict/run/api.pid. Repeatable.")
  Map<String, String> processes = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Workload workload = target.workload();
    Load load = loadOptions.load();
    RunLimits limits =
        new RunLimits(
            loadOptions.extent.duration(),
            loadOptions.extent.count(),
            loadOptions.extent.warmup(),
            target.timeout(),
            target.maxInFlight(),
            loadOptions.acceptOnly);
    RunOutcome outcome;
    try (VerdictClient client = target.client()) {
      LoadRun run =
          new LoadRun(
              client,
              workload,
              target.polling(),
              target.seed(),
              Terminal.progress(spec.commandLine().getErr(), target.progressEvery()));
      outcome = run.execute(0, load, limits, watch());
    }
    RunFigures figures = RunFigures.of(outcome);
    Summary.print(out, figures);
    if (target.out() != null) {
      RunReport report =
          new RunReport(
              ReportHeader.of("run", spec.root().commandLine().getParseResult().originalArgs()),
              settings(load, limits),
              RunReport.WorkloadSummary.of(workload),
              figures);
      report.write(new ReportWriter(target.out()), outcome);
      out.println("report      " + target.out().toAbsolutePath());
    }
    out.flush();
    return figures.failed() > 0 || figures.unexpectedVerdicts() > 0 ? 1 : 0;
  }

  private ProcessWatch watch() {
    try {
      return ProcessWatch.of(processes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--process " + e.getMessage());
    }
  }

  private Map<String, Object> settings(Load load, RunLimits limits) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", target.url().toString());
    settings.put("workload", target.workloadSpec());
    settings.put("mode", load.mode());
    settings.put("clients", load.open() ? null : load.clients());
    settings.put("ratePerSecond", load.open() ? load.rate() : null);
    settings.put("durationSeconds", limits.counted() ? null : limits.duration().toMillis() / 1e3);
    settings.put("count", limits.counted() ? limits.count() : null);
    settings.put("warmupSeconds", limits.warmup().toMillis() / 1e3);
    settings.put("timeoutSeconds", limits.timeout().toMillis() / 1e3);
    settings.put("maxInFlight", limits.maxInFlight());
    settings.put("acceptOnly", limits.acceptOnly());
    settings.put("polling", target.pollingSummary());
    settings.put("seed", target.seed());
    settings.put("processes", processes);
    return settings;
  }
}
