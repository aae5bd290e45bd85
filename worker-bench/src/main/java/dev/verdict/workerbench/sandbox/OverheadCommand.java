package dev.verdict.workerbench.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.workerbench.slot.BenchOptions;
import dev.verdict.workerbench.slot.BenchSlots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The sandbox's own cost per run: the same tiny programs inside and outside, pinned. */
@Command(
    name = "overhead",
    mixinStandardHelpOptions = true,
    header = "The sandbox's added wall time per run (root).",
    description = {
      "Runs /bin/true, python3 -c pass and a C hello-world RUNS times each in the worker's own"
          + " sandbox (its launcher, namespaces, cgroups and pinning, from the Verdict"
          + " configuration) and RUNS times outside any sandbox pinned with taskset to the same"
          + " core, alternating, and prints the median and p90 wall times and the difference."
          + " Outside runs include starting taskset; /bin/true outside shows that floor.",
      "",
      "Needs root. Run it while no worker grades on the core.",
      "",
      "Example: worker-bench overhead --runs 100 --set worker.sandbox=bubblewrap",
      ""
    })
public final class OverheadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BenchOptions bench = new BenchOptions();

  @Option(names = "--runs", defaultValue = "200", description = "Runs per program and side.")
  int runs;

  @Mixin PinnedCore pinned = new PinnedCore();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    VerdictConfig verdict = bench.load(List.of());
    Path workDir = bench.workDir();
    int pin = pinned.core();
    Path box = SandboxBench.compile(workDir.resolve("box"), "hello", SandboxBench.HELLO_C);
    ResourceLimits limits = verdict.limits().runDefaults();
    Map<String, List<String>> programs = new LinkedHashMap<>();
    programs.put("/bin/true", List.of("/bin/true"));
    programs.put("python3 -c pass", List.of("/usr/bin/python3", "-c", "pass"));
    programs.put("C hello-world", List.of("./hello"));
    out.printf(
        "sandbox overhead on core %d, %d runs each, sandbox %s, launcher %s, slot network %s%n",
        pin,
        runs,
        verdict.worker().sandbox(),
        verdict.worker().launcher(),
        verdict.worker().slotNetwork());
    MetricRegistry metrics = new MetricRegistry();
    try (BenchSlots sandboxes = bench.slots(verdict, metrics)) {
      Sandbox sandbox = sandboxes.forSlot(0, pin, workDir.resolve("scratch"));
      try {
        for (var program : programs.entrySet()) {
          double[] inside = new double[runs];
          double[] outside = new double[runs];
          double[] cpu = new double[runs];
          for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            RunResult result =
                sandbox.run(
                    new RunRequest(
                        program.getValue(), box, false, null, limits, List.of(), Map.of()));
            inside[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = result.cpuTimeMs();
            if (!result.succeeded()) {
              throw new IllegalStateException(
                  program.getKey() + " failed in the sandbox: " + result);
            }
            outside[i] = SandboxBench.outside(pin, box, program.getValue());
          }
          out.printf(
              "%-16s inside p50 %6.2f ms p90 %6.2f | outside p50 %6.2f ms p90 %6.2f | added p50 %6.2f"
                  + " ms | CPU time counted p50 %6.2f ms%n",
              program.getKey(),
              SandboxBench.median(inside),
              SandboxBench.percentile(inside, 0.9),
              SandboxBench.median(outside),
              SandboxBench.percentile(outside, 0.9),
              SandboxBench.median(inside) - SandboxBench.median(outside),
              SandboxBench.median(cpu));
          out.flush();
        }
        // why: what the added time is made of; setup and teardown do not depend on the program.
        out.printf(
            "inside, all programs: setup p50 %.2f ms (run cgroups, launcher started), teardown p50"
                + " %.2f ms (figures read, cgroups removed)%n",
            metrics.timer("verdict.worker.sandbox.setup").getSnapshot().getMedian() / 1e6,
            metrics.timer("verdict.worker.sandbox.teardown").getSnapshot().getMedian() / 1e6);
      } finally {
        sandbox.close();
      }
    }
    return 0;
  }
}
