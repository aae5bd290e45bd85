package dev.verdict.loadgen.scale;

import dev.verdict.common.cli.ConfigOptions;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.loadgen.cli.DurationConverter;
import dev.verdict.loadgen.cli.TargetOptions;
import dev.verdict.loadgen.cli.Terminal;
import dev.verdict.loadgen.client.VerdictClient;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.run.LoadRun;
import dev.verdict.loadgen.run.RunReport;
import dev.verdict.loadgen.sweep.Sweep;
import dev.verdict.loadgen.sweep.SweepCommand;
import dev.verdict.loadgen.sweep.SweepOptions;
import dev.verdict.loadgen.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code load-gen scale}: Throughput_max on 1..N worker cores, and S(N). */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Throughput_max with a worker on 1..N cores, and S(N) = Tmax(N) / Tmax(1).",
    description = {
      "Measures Throughput_max with a grader worker on each core count of --cores and reports"
          + " S(N) = Tmax(N) / Tmax(1) and the efficiency S(N)/N.",
      "",
      "scale expects a running api and dispatcher WITHOUT a worker: for each N it starts its own"
          + " worker from --worker-command ({cores} replaced by N), records its PID, waits until"
          + " it is ready (an output line matching --ready-pattern, and N consumers on the task"
          + " queue), runs a sweep (see load-gen sweep --help), then stops that PID (SIGTERM, then"
          + " SIGKILL after --stop-timeout) and nothing else.",
      "",
      "Before it starts, scale counts the consumers of the task queue ({namespace}.tasks, found"
          + " through --config/--set like every Verdict process): if a worker is already"
          + " grading, for example the one ./verdict up started, it refuses (exit 2) rather than"
          + " measure two workers. Stop that worker first, e.g. after ./verdict up:",
      "  kill $(cat .verdict/run/worker.pid)",
      "The worker needs root (cgroups, sandbox uids), so run scale as root.",
      "",
      "Example:",
      "  load-gen scale --cores 1,2 --worker-command 'java -jar"
          + " grader-worker/target/grader-worker-0.1.0-SNAPSHOT-all.jar --cores {cores}'"
          + " --workload python-sum --out /tmp/scale",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every core count was measured",
      "1:a worker failed to start or become ready",
      "2:bad usage, workload or configuration, or another worker is consuming tasks"
    })
public final class ScaleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Mixin SweepOptions sweep;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--cores",
      paramLabel = "N[,N...]",
      split = ",",
      required = true,
      description = "Core counts to measure, including 1, e.g. 1,2 or 1,2,4,8.")
  List<Integer> cores;

  @Option(
      names = "--worker-command",
      paramLabel = "COMMAND",
      required = true,
      description =
          "Starts one worker; {cores} is replaced by N. Split into words like a shell (quotes"
              + " work; use sh -c 'exec ...' for more).")
  String workerCommand;

  @Option(
      names = "--ready-pattern",
      paramLabel = "REGEX",
      defaultValue = "ready",
      description =
          "The worker is ready once a line of its output matches (default: ${DEFAULT-VALUE}).")
  String readyPattern;

  @Option(
      names = "--ready-timeout",
      paramLabel = "DURATION",
      defaultValue = "180s",
      converter = DurationConverter.class,
      description = "Give up on a worker not ready within this (default: ${DEFAULT-VALUE}).")
  Duration readyTimeout;

  @Option(
      names = "--stop-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "After SIGTERM, wait this long for the worker to exit before SIGKILL (default:"
              + " ${DEFAULT-VALUE}).")
  Duration stopTimeout;

  @Option(
      names = "--allow-other-workers",
      description =
          "Measure even though the task queue already has consumers (the results then mix"
              + " workers).")
  boolean allowOtherWorkers;

  @Override
  public Integer call() throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CommandTemplate template = new CommandTemplate(workerCommand);
    Pattern ready = Pattern.compile(readyPattern);
    List<Integer> counts = cores.stream().distinct().sorted().toList();
    if (counts.isEmpty() || counts.get(0) != 1) {
      throw new IllegalArgumentException(
          "--cores must include 1: S(N) = Tmax(N) / Tmax(1), was " + cores);
    }
    Workload workload = target.workload();
    VerdictConfig verdict = config.load(List.of());
    Path logs = target.out() != null ? target.out() : Files.createTempDirectory("load-gen-scale");
    List<ScaleReport.Measured> measured = new ArrayList<>();
    try (TaskQueueProbe probe = new TaskQueueProbe(verdict)) {
      int others = probe.consumers();
      if (others < 0) {
        err.println(
            "load-gen: the task queue "
                + probe.queue()
                + " does not exist: start the api and dispatcher first (see --help)");
        return 2;
      }
      if (others > 0 && !allowOtherWorkers) {
        err.println(
            "load-gen: "
                + others
                + " consumer(s) already take tasks from "
                + probe.queue()
                + ": another worker is running. Stop it first (after ./verdict up: kill $(cat"
                + " .verdict/run/worker.pid)), or pass --allow-other-workers.");
        return 2;
      }
      for (int n : counts) {
        ScaleReport.Measured m = measure(n, template, ready, probe, others, logs, workload);
        if (m == null) {
          return 1;
        }
        measured.add(m);
      }
    }
    Map<Integer, Double> tmax = new TreeMap<>();
    measured.forEach(m -> tmax.put(m.cores(), m.result().throughputMax()));
    List<ScalePoint> points = ScalePoint.of(tmax);
    for (ScalePoint p : points) {
      out.printf(
          "N=%-3d Tmax %8.2f graded/s  S(N) %6.3f  efficiency %5.1f%%%n",
          p.cores(), p.throughputMax(), p.speedup(), 100 * p.efficiency());
    }
    if (target.out() != null) {
      Map<String, Object> settings = SweepCommand.settings(target, sweep);
      settings.put("cores", counts);
      settings.put("workerCommand", workerCommand);
      settings.put("readyPattern", readyPattern);
      ScaleReport.of(
              ReportHeader.of("scale", spec.root().commandLine().getParseResult().originalArgs()),
              settings,
              RunReport.WorkloadSummary.of(workload),
              points,
              measured)
          .write(new ReportWriter(target.out()), measured);
      out.println("report " + target.out().toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  /** Starts a worker on {@code n} cores, sweeps, stops it; null when it never became ready. */
  private ScaleReport.Measured measure(
      int n,
      CommandTemplate template,
      Pattern ready,
      TaskQueueProbe probe,
      int others,
      Path logs,
      Workload workload)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> command = template.render(n);
    Path log = logs.resolve("worker-cores-" + n + ".log");
    try (WorkerProcess worker = WorkerProcess.start(command, log, ready, stopTimeout)) {
      Thread stopOnExit = new Thread(worker::close, "load-gen-stop-worker");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      try {
        out.printf("N=%d: started worker pid %d (log %s)%n", n, worker.pid(), log);
        out.flush();
        if (!worker.awaitReady(readyTimeout) || !awaitConsumers(probe, others + n)) {
          err.printf(
              "load-gen: the worker on %d cores (pid %d) was not ready within %s; see %s%n",
              n, worker.pid(), readyTimeout, log);
          err.flush();
          return null;
        }
        Sweep.Result result = sweep(workload);
        out.printf(
            "N=%d: Tmax %.2f graded/s (%s)%n", n, result.throughputMax(), result.stopReason());
        out.flush();
        return new ScaleReport.Measured(n, worker.pid(), result);
      } finally {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      }
    }
  }

  private boolean awaitConsumers(TaskQueueProbe probe, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (probe.consumers() >= expected) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private Sweep.Result sweep(Workload workload) throws InterruptedException {
    try (VerdictClient client = target.client()) {
      LoadRun run =
          new LoadRun(
              client,
              workload,
              target.polling(),
              target.seed(),
              Terminal.progress(spec.commandLine().getErr(), target.progressEvery()));
      return new Sweep(
              run,
              sweep.plan(),
              sweep.perStep(target.timeout(), target.maxInFlight()),
              sweep.stopRule(),
              spec.commandLine().getOut())
          .execute();
    }
  }
}
