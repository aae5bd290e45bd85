package dev.verdict.workerbench.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.slot.Cores;
import dev.verdict.workerbench.slot.BenchOptions;
import dev.verdict.workerbench.slot.BenchSlots;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Whether a program's measured CPU time depends on how busy the machine is. */
@Command(
    name = "fairness",
    mixinStandardHelpOptions = true,
    header = "CPU time of one program, idle machine vs every slot busy (root).",
    description = {
      "Runs the same CPU-bound C program RUNS times on one slot with the machine otherwise idle,"
          + " and RUNS times on every slot at once (all cores busy), alternating, each slot pinned"
          + " to its core through the worker's own sandbox, and prints the median CPU time of both"
          + " and their difference in percent: the promise is at most 5%%. The program also"
          + " prints its own CPU clock; the same difference by that clock is the machine's share"
          + " (a CPU that runs slower with every core busy), which no sandbox can take out.",
      "",
      "Needs root. Run it while no worker grades.",
      "",
      "Example: worker-bench fairness --runs 15 --steps 20000000",
      ""
    })
public final class FairnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BenchOptions bench = new BenchOptions();

  @Option(names = "--runs", defaultValue = "15", description = "Runs per slot and phase.")
  int runs;

  @Option(
      names = "--steps",
      defaultValue = "400000000",
      description =
          "Steps of the program's loop (default: ${DEFAULT-VALUE}, about 0.2 to 1.3 s of CPU"
              + " time depending on the machine); fewer make the sandbox's own share larger.")
  long steps;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    VerdictConfig verdict = bench.load(List.of());
    Path workDir = bench.workDir();
    List<Integer> cores = Cores.allowed();
    Path box = SandboxBench.compile(workDir.resolve("box"), "spin", SandboxBench.spin(steps));
    ResourceLimits limits = verdict.limits().runDefaults().withTime(30_000, 90_000);
    RunRequest request =
        new RunRequest(List.of("./spin"), box, false, null, limits, List.of(), Map.of());
    try (BenchSlots sandboxes = bench.slots(verdict, new MetricRegistry())) {
      List<Sandbox> slots = new ArrayList<>();
      for (int i = 0; i < cores.size(); i++) {
        slots.add(sandboxes.forSlot(i, cores.get(i), workDir.resolve("scratch-" + i)));
      }
      try {
        // why: each slot keeps one thread, so that its spawner (which dies with the thread that
        // started it) lives for the whole measurement.
        List<ExecutorService> threads = new ArrayList<>();
        slots.forEach(slot -> threads.add(Executors.newSingleThreadExecutor()));
        List<Sample> idle = new ArrayList<>();
        List<Sample> busy = new ArrayList<>();
        try {
          // why: the phases alternate, run by run, so that a drift of the machine's speed over
          // the minutes of the measurement falls on both alike.
          for (int i = 0; i < runs; i++) {
            idle.add(threads.get(0).submit(() -> Sample.of(slots.get(0).run(request))).get());
            List<Future<Sample>> together = new ArrayList<>();
            for (int s = 0; s < slots.size(); s++) {
              Sandbox slot = slots.get(s);
              together.add(threads.get(s).submit(() -> Sample.of(slot.run(request))));
            }
            for (Future<Sample> sample : together) {
              busy.add(sample.get());
            }
          }
        } finally {
          threads.forEach(ExecutorService::close);
        }
        double idleMedian = print(out, "idle     ", idle, runs + " runs on core " + cores.get(0));
        double busyMedian = print(out, "all busy ", busy, busy.size() + " runs on cores " + cores);
        out.printf(
            "difference %+.2f%% (promise: within 5%%)%n", 100 * (busyMedian / idleMedian - 1));
        double idleSelf = SandboxBench.median(selfTimes(idle));
        double busySelf = SandboxBench.median(selfTimes(busy));
        out.printf(
            "the program's own clock: idle p50 %.1f ms, all busy p50 %.1f ms, difference %+.2f%%"
                + " (the machine's share, which no sandbox can take out)%n",
            idleSelf, busySelf, 100 * (busySelf / idleSelf - 1));
      } finally {
        slots.forEach(Sandbox::close);
      }
    }
    return 0;
  }

  /** Prints one phase's CPU times as the sandbox measured them and returns their median. */
  private static double print(PrintWriter out, String phase, List<Sample> samples, String where) {
    double[] times = samples.stream().mapToDouble(Sample::sandboxMs).toArray();
    double median = SandboxBench.median(times);
    out.printf(
        "%s CPU time p50 %.1f ms (min %.1f, max %.1f, %s)%n",
        phase, median, SandboxBench.percentile(times, 0), SandboxBench.percentile(times, 1), where);
    return median;
  }

  private static double[] selfTimes(List<Sample> samples) {
    return samples.stream().mapToDouble(Sample::selfMs).toArray();
  }

  /** One run's CPU time as the sandbox measured it and as the program's own clock read it. */
  private record Sample(double sandboxMs, double selfMs) {
    static Sample of(RunResult result) {
      if (!result.succeeded()) {
        throw new IllegalStateException("the spinning program failed: " + result);
      }
      String own = new String(result.stdout(), StandardCharsets.US_ASCII).trim();
      return new Sample(result.cpuTimeMs(), Long.parseLong(own) / 1e6);
    }
  }
}
