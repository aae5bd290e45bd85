package dev.verdict.loadgen.baseline;

import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.Verdict;
import dev.verdict.loadgen.workload.SourceFileSpec;
import dev.verdict.loadgen.workload.WorkloadEntry;
import dev.verdict.worker.checker.Checker;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.language.SourceLayout;
import dev.verdict.worker.language.SourceLayoutException;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Grades one submission the way a worker slot does, minus everything around it: lays out the
 * sources, compiles once, runs each test in the slot's sandbox, checks the output. No broker, no
 * stores, no file cache. One instance per slot; not thread-safe.
 */
final class RawGrader {
  private final Sandbox sandbox;
  private final int uid;
  private final LimitsConfig limits;
  private final Path workRoot;
  private long counter;

  /** What one grading took. */
  record Graded(Verdict verdict, double compileMs, double runMs, int tests) {}

  RawGrader(Sandbox sandbox, int uid, LimitsConfig limits, Path workRoot) {
    this.sandbox = sandbox;
    this.uid = uid;
    this.limits = limits;
    this.workRoot = workRoot;
  }

  Graded grade(WorkloadEntry entry, Language language, ProblemPackage problem) {
    Path dir = workRoot.resolve("sub-" + counter++);
    try {
      SourceLayout layout;
      try {
        layout = language.layout(sources(entry));
      } catch (SourceLayoutException e) {
        return new Graded(Verdict.COMPILATION_ERROR, 0, 0, 0);
      }
      write(dir, layout);
      double compileMs = 0;
      if (language.compiled()) {
        ResourceLimits compileLimits = limits.resolveCompile(language.config().compileLimits());
        RunResult compiled =
            sandbox.run(
                new RunRequest(
                    language.compileCommand(layout, compileLimits),
                    dir,
                    true,
                    null,
                    compileLimits,
                    language.readOnlyPaths(),
                    Map.of()));
        compileMs = compiled.wallTimeMs();
        if (!compiled.succeeded()) {
          return new Graded(Verdict.COMPILATION_ERROR, compileMs, 0, 0);
        }
      }
      ResourceLimits runLimits =
          limits.resolveRun(
              language.config().limits(), problem.limits(), language.config().timeMultiplier());
      List<String> command = language.runCommand(layout, runLimits);
      Checker checker = Checker.of(problem.checker());
      Verdict verdict = Verdict.ACCEPTED;
      double runMs = 0;
      int tests = 0;
      for (ProblemPackage.Test test : problem.tests()) {
        RunResult run =
            sandbox.run(
                new RunRequest(
                    command,
                    dir,
                    false,
                    test.input(),
                    runLimits,
                    language.readOnlyPaths(),
                    Map.of()));
        runMs += run.wallTimeMs();
        tests++;
        Verdict v = verdict(run, language, checker, test);
        if (v != Verdict.ACCEPTED) {
          verdict = verdict == Verdict.ACCEPTED ? v : verdict;
          if (problem.stopOnFailure()) {
            break;
          }
        }
      }
      return new Graded(verdict, compileMs, runMs, tests);
    } finally {
      delete(dir);
    }
  }

  /**
   * The worker's verdict order (grading.Verdicts): limits first, then the exit status, then the
   * checker.
   */
  static Verdict verdict(
      RunResult run, Language language, Checker checker, ProblemPackage.Test test) {
    return switch (run.termination()) {
      case CPU_TIME_LIMIT, WALL_TIME_LIMIT -> Verdict.TIME_LIMIT_EXCEEDED;
      case MEMORY_LIMIT -> Verdict.MEMORY_LIMIT_EXCEEDED;
      case OUTPUT_LIMIT -> Verdict.OUTPUT_LIMIT_EXCEEDED;
      case EXITED -> {
        if (run.exitCode() != 0) {
          yield language.reportsOutOfMemory(run.stdout(), run.stderr())
              ? Verdict.MEMORY_LIMIT_EXCEEDED
              : Verdict.RUNTIME_ERROR;
        }
        yield checker.check(test.inputBytes(), test.answerBytes(), run.stdout()).accepted()
            ? Verdict.ACCEPTED
            : Verdict.WRONG_ANSWER;
      }
    };
  }

  private static Map<String, byte[]> sources(WorkloadEntry entry) {
    Map<String, byte[]> files = new TreeMap<>();
    for (SourceFileSpec file : entry.files()) {
      files.put(file.name(), file.content().getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  private void write(Path dir, SourceLayout layout) {
    try {
      Files.createDirectories(dir);
      for (var file : layout.files().entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.write(path, file.getValue());
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", uid);
      }
      // why: the compiler runs as the slot's uid and writes its output here, as in the worker.
      Files.setAttribute(dir, "unix:uid", uid);
      Files.setAttribute(dir, "unix:gid", uid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
