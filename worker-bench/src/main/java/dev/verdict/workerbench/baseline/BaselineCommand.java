package dev.verdict.workerbench.baseline;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.config.WorkerConfig;
import dev.verdict.common.problem.ProblemPackageException;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.loadgen.cli.ExtentOptions;
import dev.verdict.loadgen.cli.ReportOptions;
import dev.verdict.loadgen.cli.WorkloadOptions;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.report.SystemComparison;
import dev.verdict.loadgen.run.RunReport;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.compiler.WarmCompilers;
import dev.verdict.worker.grading.Grader;
import dev.verdict.worker.grading.Validators;
import dev.verdict.worker.language.AotCaches;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SandboxSelfTest;
import dev.verdict.worker.slot.Cores;
import dev.verdict.workerbench.slot.BenchOptions;
import dev.verdict.workerbench.slot.BenchSlots;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker-bench baseline}: the raw sandbox limit the system's throughput is compared with.
 */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "The raw sandbox limit: the workload's sandboxed steps in a tight loop (root).",
    description = {
      "Measures the raw limit: the workload's sandboxed compile and run steps (and output checks)"
          + " in a tight loop, through the grader worker's own code (its Grader with the configured"
          + " sandbox, cgroups, file cache, languages, checkers and validators, limits from the"
          + " Verdict configuration), with no API, broker or stores: each submission becomes its"
          + " grading task as the system builds it, and only grading it is timed."
          + " One loop per core, each pinned to its core by its own slot cgroup and running code"
          + " as uid worker.uidBase + core, exactly as a worker slot does. Cores are chosen like"
          + " the worker's (worker.cores, worker.reserveCores, or --cores).",
      "",
      "Reports submissions per second and per-submission wall time; with --system REPORT (the"
          + " report.json of load-gen run or the sweep.json of load-gen sweep) also the ratio"
          + " system / raw, whose design target is at least 0.9.",
      "",
      "Needs root. Problems are read from --problems. Run it while no worker grades: it uses the"
          + " same cores and sandbox uids (its cgroups are {namespace}-baseline).",
      "",
      "Example: worker-bench baseline --workload python-sum --duration 30s --system"
          + " /tmp/lg/report.json --out /tmp/baseline",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:measured, every verdict as expected",
      "1:measured, but some verdict was not the expected one",
      "2:bad usage, workload or configuration"
    })
public final class BaselineCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions bench = new BenchOptions();

  @Mixin WorkloadOptions workload = new WorkloadOptions();

  @Mixin ExtentOptions extent = new ExtentOptions();

  @Option(
      names = "--cores",
      paramLabel = "N",
      description = "Loops, one per core; 0 = every allowed core (worker.cores).")
  Integer cores;

  @Option(
      names = "--problems",
      paramLabel = "DIR",
      defaultValue = "examples/problems",
      description = "Folder of problem packages, one folder per id (default: ${DEFAULT-VALUE}).")
  Path problems;

  @Option(
      names = "--system",
      paramLabel = "REPORT",
      description = "A run or sweep JSON report to compare with: prints system / raw.")
  Path system;

  @Mixin ReportOptions report = new ReportOptions();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    List<String> extra = new ArrayList<>();
    if (cores != null) {
      extra.add("worker.cores=" + cores);
    }
    VerdictConfig verdict = bench.load(extra);
    Path workDir = bench.workDir();
    WorkerConfig worker = verdict.worker();
    Workload mix = workload.workload();
    Languages languages =
        new Languages(
            verdict.enabledLanguages(),
            worker.javaHome().isEmpty() ? System.getProperty("java.home") : worker.javaHome());
    // why: as a worker does at its start, so that the runs start as a worker's do.
    AotCaches.prepare(languages, workDir.resolve("aot-caches"), verdict.limits().runDefaults());
    MemoryBlobs blobs = new MemoryBlobs();
    Map<String, ProblemVersion> packages = new HashMap<>();
    for (WorkloadEntry entry : mix.entries()) {
      packages.computeIfAbsent(entry.problem(), id -> readProblem(problems.resolve(id), blobs));
      if (languages.get(entry.language()).isEmpty()) {
        throw new IllegalArgumentException(
            entry.label()
                + ": language "
                + entry.language()
                + " is not enabled; enabled: "
                + languages.all().keySet());
      }
    }
    BaselineTasks tasks = new BaselineTasks(mix, packages, blobs, verdict.api().inlineFileBytes());
    List<Integer> usable = Cores.usable(Cores.allowed(), worker.reserveCores());
    List<Integer> chosen = List.copyOf(usable.subList(0, Cores.wanted(usable, worker.cores())));
    long seedValue = workload.seed();
    BaselineLoop.Settings settings =
        new BaselineLoop.Settings(extent.duration(), extent.count(), extent.warmup(), seedValue);
    MetricRegistry metrics = new MetricRegistry();
    List<RawSample> samples;
    try (BenchSlots sandboxes = bench.slots(verdict, metrics)) {
      out.printf(
          "baseline: %d loop(s) on cores %s, %s, workload %s%n",
          chosen.size(), chosen, sandboxes.describe(), mix.describe());
      out.flush();
      // why: one file cache and one validator folder for every loop, as in a worker.
      Grader.deleteTree(workDir.resolve("cache"));
      FileCache cache =
          new FileCache(
              blobs, workDir.resolve("cache"), worker.cacheMaxMb() * 1024L * 1024L, metrics);
      Validators validators =
          new Validators(workDir.resolve("validators"), languages, cache, verdict.limits());
      samples =
          new BaselineLoop(
                  chosen,
                  core -> {
                    int slot = chosen.indexOf(core);
                    Path slotDir = workDir.resolve("core-" + core);
                    Grader.deleteTree(slotDir);
                    int uid = sandboxes.uid(core);
                    Sandbox sandbox = sandboxes.forSlot(slot, core, slotDir.resolve("sandbox"));
                    SandboxSelfTest.check(
                        sandbox, slotDir.resolve("self-test"), uid, verdict.limits());
                    WarmCompilers compilers =
                        new WarmCompilers(
                            scratch -> sandboxes.forCompiler(slot, core, scratch),
                            worker.compilerUid(core),
                            slotDir.resolve("compilers"),
                            verdict.limits(),
                            worker.warmCompilerMaxCompiles(),
                            worker.warmCompilerStartTimeoutMs(),
                            worker.warmCompilerWarmUps(),
                            metrics);
                    Sandbox peer = sandboxes.forPeer(slot, core, slotDir.resolve("peer-sandbox"));
                    return new BaselineLoop.Slot(
                        sandbox,
                        peer,
                        new Grader(
                            sandbox,
                            peer,
                            uid,
                            cache,
                            languages,
                            verdict.limits(),
                            slotDir.resolve("runs"),
                            validators,
                            "worker-bench-baseline",
                            metrics,
                            compilers),
                        compilers);
                  },
                  mix,
                  tasks,
                  settings,
                  out)
              .execute();
    } finally {
      // why: the scratch folders, cached files and validators are only needed while the loops run.
      chosen.forEach(core -> Grader.deleteTree(workDir.resolve("core-" + core)));
      Grader.deleteTree(workDir.resolve("cache"));
      Grader.deleteTree(workDir.resolve("validators"));
    }
    double windowStart = extent.warmup().toNanos() / 1e6;
    double windowEnd =
        extent.duration() != null
            ? extent.duration().toNanos() / 1e6
            : samples.stream().mapToDouble(RawSample::finishedAtMs).max().orElse(windowStart);
    BaselineFigures figures = BaselineFigures.of(chosen, samples, windowStart, windowEnd);
    SystemComparison comparison =
        system == null ? null : SystemComparison.of(system, figures.submissionsPerSecond());
    print(out, figures, comparison);
    if (report.out() != null) {
      Map<String, Object> recorded = new LinkedHashMap<>();
      recorded.put("workload", workload.spec());
      recorded.put(
          "durationSeconds", extent.duration() == null ? null : extent.duration().toMillis() / 1e3);
      recorded.put("count", extent.duration() == null ? extent.count() : null);
      recorded.put("warmupSeconds", extent.warmup().toMillis() / 1e3);
      recorded.put("problems", problems.toAbsolutePath().toString());
      recorded.put("uidBase", worker.uidBase());
      recorded.put("seed", seedValue);
      new BaselineReport(
              ReportHeader.of(
                  "worker-bench",
                  "baseline",
                  spec.root().commandLine().getParseResult().originalArgs()),
              recorded,
              RunReport.WorkloadSummary.of(mix),
              figures,
              comparison)
          .write(new ReportWriter(report.out()), samples);
      out.println("report     " + report.out().toAbsolutePath());
    }
    out.flush();
    return figures.unexpectedVerdicts() > 0 ? 1 : 0;
  }

  /**
   * Reads a package with the loader the system uses, its files kept in memory instead of GridFS.
   */
  private static ProblemVersion readProblem(Path dir, MemoryBlobs blobs) {
    if (!Files.isRegularFile(dir.resolve("problem.yaml"))) {
      throw new IllegalArgumentException(
          "no problem package at " + dir + " (missing problem.yaml); see --problems");
    }
    try {
      return ProblemPackageLoader.read(dir, blobs::put);
    } catch (ProblemPackageException e) {
      throw new IllegalArgumentException(dir + ": " + e.getMessage(), e);
    }
  }

  private static void print(PrintWriter out, BaselineFigures f, SystemComparison comparison) {
    out.printf(
        "raw limit  %.2f submissions/s on %d core(s) (%.2f per core), %d graded in %.1f s%n",
        f.submissionsPerSecond(),
        f.cores().size(),
        f.submissionsPerSecondPerCore(),
        f.completedInWindow(),
        f.windowSeconds());
    out.printf(
        "wall       p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms per submission%n",
        f.wall().p50Ms(), f.wall().p90Ms(), f.wall().p99Ms(), f.wall().maxMs());
    if (f.compile().count() > 0) {
      out.printf("compile    p50 %.1f  p99 %.1f ms%n", f.compile().p50Ms(), f.compile().p99Ms());
    }
    out.printf(
        "test runs  p50 %.1f  p99 %.1f ms per submission (%.1f tests)%n",
        f.run().p50Ms(), f.run().p99Ms(), f.testsPerSubmission());
    out.printf("verdicts   %s, unexpected %d%n", f.verdicts(), f.unexpectedVerdicts());
    if (comparison != null) {
      out.printf(
          "system     %.2f graded/s (%s) = %.1f%% of raw (target >= %.0f%%: %s)%n",
          comparison.systemThroughput(),
          comparison.systemCommand(),
          100 * comparison.ratio(),
          100 * comparison.target(),
          comparison.meetsTarget() ? "met" : "NOT met");
    }
  }
}
