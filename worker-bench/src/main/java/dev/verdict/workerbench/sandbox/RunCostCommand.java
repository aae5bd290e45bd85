package dev.verdict.workerbench.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.workerbench.slot.BenchOptions;
import dev.verdict.workerbench.slot.BenchSlots;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The machine's CPU time per run of one program in the worker's sandbox against the same program
 * outside, split into who spent it, the kernel's own threads included.
 */
@Command(
    name = "runcost",
    mixinStandardHelpOptions = true,
    header = "The machine's CPU time per sandboxed run, and who spends it (root).",
    description = {
      "Runs one program in blocks of RUNS runs, alternating a block in the worker's own sandbox"
          + " (its launcher, namespaces, cgroups and pinning, from the Verdict configuration) with"
          + " a block outside any sandbox, and reads /proc around each block: the machine's busy"
          + " time (/proc/stat), this JVM's, the slot's spawner's and the runs it reaped"
          + " (launcher, the sandbox's init, the program), the kernel threads' (work done for a"
          + " run but counted to no process: freeing cgroups, namespaces, mounts) and interrupts."
          + " Prints per program the median over blocks of each part per run, and the sandbox's"
          + " own cost: the machine's busy time per run inside less outside.",
      "",
      "Programs: python-sum (python3 -B main.py, a+b on stdin: the one-test job's run),"
          + " python-check (the python3 language's compile step, a syntax check of main.py),"
          + " true (/bin/true), c-hello (a C hello-world).",
      "",
      "The machine's figures include whatever else runs on it: run it on a quiet machine, and"
          + " compare figures taken side by side. Needs root; no worker may grade on the core.",
      "",
      "Example: worker-bench runcost --runs 200 --blocks 6 --program python-sum --program true",
      ""
    })
public final class RunCostCommand implements Callable<Integer> {
  private static final String MAIN_PY = "a, b = map(int, input().split())\nprint(a + b)\n";
  private static final String SYNTAX_CHECK =
      "import sys\nfor f in sys.argv[1:]:\n    compile(open(f, 'rb').read(), f, 'exec')";

  @Spec CommandSpec spec;
  @Mixin BenchOptions bench = new BenchOptions();

  @Option(names = "--runs", defaultValue = "200", description = "Runs per block.")
  int runs;

  @Option(names = "--blocks", defaultValue = "6", description = "Blocks per side and program.")
  int blocks;

  @Option(
      names = "--program",
      defaultValue = "python-sum",
      description = "python-sum, python-check, true or c-hello; repeat for several.")
  List<String> programs;

  @Mixin PinnedCore pinned = new PinnedCore();

  @Override
  public Integer call() throws Exception {
    List<List<String>> commands = programs.stream().map(this::command).toList();
    PrintWriter out = spec.commandLine().getOut();
    VerdictConfig verdict = bench.load(List.of());
    Path workDir = bench.workDir();
    int pin = pinned.core();
    Path box = SandboxBench.compile(workDir.resolve("box"), "hello", SandboxBench.HELLO_C);
    Files.writeString(box.resolve("main.py"), MAIN_PY);
    Path input = box.resolve("1.in");
    Files.writeString(input, "1 2\n");
    double tick = 1000.0 / clockTicksPerSecond();
    ResourceLimits limits = verdict.limits().runDefaults();
    out.printf(
        "CPU per run on core %d, %d blocks of %d runs per side, sandbox %s, launcher %s, slot"
            + " network %s; ms per run, medians over blocks%n",
        pin,
        blocks,
        runs,
        verdict.worker().sandbox(),
        verdict.worker().launcher(),
        verdict.worker().slotNetwork());
    try (BenchSlots sandboxes = bench.slots(verdict, new MetricRegistry())) {
      Sandbox sandbox = sandboxes.forSlot(0, pin, workDir.resolve("scratch"));
      try {
        for (int p = 0; p < programs.size(); p++) {
          String program = programs.get(p);
          List<String> command = commands.get(p);
          Path stdin = program.equals("python-sum") ? input : null;
          RunRequest request =
              new RunRequest(command, box, false, stdin, limits, List.of(), Map.of());
          List<CpuTicks> inside = new ArrayList<>();
          List<CpuTicks> outside = new ArrayList<>();
          List<Double> counted = new ArrayList<>();
          for (int b = 0; b < blocks; b++) {
            // why: the sides alternate their order, so that neither always follows the other.
            for (int side = 0; side < 2; side++) {
              if ((side + b) % 2 == 0) {
                inside.add(insideBlock(sandbox, request, counted));
              } else {
                outside.add(outsideBlock(box, command, stdin));
              }
            }
          }
          print(out, program, inside, outside, counted, tick);
        }
      } finally {
        sandbox.close();
      }
    }
    return 0;
  }

  private CpuTicks insideBlock(Sandbox sandbox, RunRequest request, List<Double> counted) {
    CpuTicks before = CpuTicks.now();
    for (int i = 0; i < runs; i++) {
      RunResult result = sandbox.run(request);
      if (!result.succeeded()) {
        throw new IllegalStateException(request.command() + " failed in the sandbox: " + result);
      }
      counted.add(result.cpuTimeMs());
    }
    return CpuTicks.now().minus(before);
  }

  private CpuTicks outsideBlock(Path box, List<String> command, Path stdin) throws IOException {
    CpuTicks before = CpuTicks.now();
    for (int i = 0; i < runs; i++) {
      Process process =
          new ProcessBuilder(command)
              .directory(box.toFile())
              .redirectInput(stdin == null ? new File("/dev/null") : stdin.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try {
        if (process.waitFor() != 0) {
          throw new IllegalStateException(command + " failed outside the sandbox");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return CpuTicks.now().minus(before);
  }

  private void print(
      PrintWriter out,
      String program,
      List<CpuTicks> inside,
      List<CpuTicks> outside,
      List<Double> counted,
      double tick) {
    double perRun = tick / runs;
    double inBusy = median(inside, t -> t.machineBusy()) * perRun;
    double outBusy = median(outside, t -> t.machineBusy()) * perRun;
    out.printf(
        "%s%n  inside:  machine %6.2f | JVM %5.2f, spawner %5.2f, runs (launcher, init, program)"
            + " %6.2f, kernel threads %5.2f, interrupts %5.2f, rest %5.2f | program as counted"
            + " %5.2f%n",
        program,
        inBusy,
        median(inside, t -> t.jvm()) * perRun,
        median(inside, t -> t.spawners()) * perRun,
        median(inside, t -> t.spawnersReaped()) * perRun,
        median(inside, t -> t.kernelThreads()) * perRun,
        median(inside, t -> t.softIrq()) * perRun,
        median(inside, CpuTicks::rest) * perRun,
        SandboxBench.median(counted.stream().mapToDouble(Double::doubleValue).toArray()));
    out.printf(
        "  outside: machine %6.2f | JVM %5.2f, program %6.2f, kernel threads %5.2f, interrupts"
            + " %5.2f, rest %5.2f%n",
        outBusy,
        median(outside, t -> t.jvm()) * perRun,
        median(outside, t -> t.jvmReaped()) * perRun,
        median(outside, t -> t.kernelThreads()) * perRun,
        median(outside, t -> t.softIrq()) * perRun,
        median(outside, CpuTicks::rest) * perRun);
    out.printf("  the sandbox's own, machine inside less outside: %6.2f%n", inBusy - outBusy);
    out.flush();
  }

  private static double median(List<CpuTicks> blocks, ToLongFunction<CpuTicks> f) {
    return SandboxBench.median(blocks.stream().mapToDouble(t -> f.applyAsLong(t)).toArray());
  }

  private List<String> command(String program) {
    return switch (program) {
      case "python-sum" -> List.of("/usr/bin/python3", "-B", "main.py");
      case "python-check" -> List.of("/usr/bin/python3", "-I", "-c", SYNTAX_CHECK, "main.py");
      case "true" -> List.of("/bin/true");
      case "c-hello" -> List.of("./hello");
      default -> throw new ParameterException(spec.commandLine(), "unknown program " + program);
    };
  }

  private static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      getconf.waitFor();
      return Long.parseLong(ticks.trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
