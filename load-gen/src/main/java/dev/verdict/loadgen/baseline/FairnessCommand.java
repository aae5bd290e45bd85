package dev.verdict.loadgen.baseline;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.cli.ConfigOptions;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.sandbox.BubblewrapSandbox;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.SlotSandboxes;
import dev.verdict.worker.slot.Cores;
import java.io.PrintWriter;
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
          + " then RUNS times on every slot at once (all cores busy), each slot pinned to its core"
          + " through the worker's own sandbox, and prints the median CPU time of both and their"
          + " difference in percent: the promise is at most 5%.",
      "",
      "Needs root. Run it while no worker grades."
    })
public final class FairnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(names = "--runs", defaultValue = "15", description = "Runs per slot and phase.")
  int runs;

  @Option(
      names = "--work-dir",
      defaultValue = "/var/lib/verdict/load-gen-fairness",
      description = "Scratch folder, searchable by the sandbox uids (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    VerdictConfig verdict = config.load(List.of());
    List<Integer> cores = Cores.allowed();
    Path box = SandboxBench.compile(workDir.resolve("box"), "spin", SandboxBench.SPIN_C);
    ResourceLimits limits = verdict.limits().runDefaults().withTime(30_000, 90_000);
    RunRequest request =
        new RunRequest(List.of("./spin"), box, false, null, limits, List.of(), Map.of());
    try (CgroupDriver cgroups = CgroupDriver.detect(verdict.namespace() + "-fairness");
        SlotSandboxes sandboxes =
            new SlotSandboxes(
                verdict.worker(),
                verdict.namespace() + "-fairness",
                cgroups,
                workDir.resolve("bin"),
                new MetricRegistry())) {
      List<BubblewrapSandbox> slots = new ArrayList<>();
      for (int i = 0; i < cores.size(); i++) {
        slots.add(sandboxes.forSlot(i, cores.get(i), workDir.resolve("scratch-" + i)));
      }
      try {
        double[] idle = new double[runs];
        for (int i = 0; i < runs; i++) {
          idle[i] = cpu(slots.get(0).run(request));
        }
        List<Double> busy = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(slots.size())) {
          List<Future<List<Double>>> perSlot = new ArrayList<>();
          for (BubblewrapSandbox slot : slots) {
            perSlot.add(
                pool.submit(
                    () -> {
                      List<Double> times = new ArrayList<>();
                      for (int i = 0; i < runs; i++) {
                        times.add(cpu(slot.run(request)));
                      }
                      return times;
                    }));
          }
          for (Future<List<Double>> times : perSlot) {
            busy.addAll(times.get());
          }
        }
        double[] busyTimes = busy.stream().mapToDouble(Double::doubleValue).toArray();
        double idleMedian = SandboxBench.median(idle);
        double busyMedian = SandboxBench.median(busyTimes);
        out.printf(
            "idle      CPU time p50 %.1f ms (min %.1f, max %.1f, %d runs on core %d)%n",
            idleMedian,
            SandboxBench.percentile(idle, 0),
            SandboxBench.percentile(idle, 1),
            runs,
            cores.get(0));
        out.printf(
            "all busy  CPU time p50 %.1f ms (min %.1f, max %.1f, %d runs on cores %s)%n",
            busyMedian,
            SandboxBench.percentile(busyTimes, 0),
            SandboxBench.percentile(busyTimes, 1),
            busyTimes.length,
            cores);
        out.printf(
            "difference %+.2f%% (promise: within 5%%)%n", 100 * (busyMedian / idleMedian - 1));
      } finally {
        slots.forEach(BubblewrapSandbox::close);
      }
    }
    return 0;
  }

  private static double cpu(RunResult result) {
    if (!result.succeeded()) {
      throw new IllegalStateException("the spinning program failed: " + result);
    }
    return result.cpuTimeMs();
  }
}
