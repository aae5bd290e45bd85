package dev.verdict.worker.grading;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.GroupScoring;
import dev.verdict.common.message.RunOptions;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.worker.artifact.ArtifactKey;
import dev.verdict.worker.artifact.CompiledArtifacts;
import dev.verdict.worker.artifact.RecentCompiles;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.checker.CheckResult;
import dev.verdict.worker.checker.Checker;
import dev.verdict.worker.compiler.WarmCompiler;
import dev.verdict.worker.compiler.WarmCompilers;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.language.SourceLayout;
import dev.verdict.worker.language.SourceLayoutException;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Grades one task on one slot: lays out the sources, compiles once, runs every test in order,
 * checks each output, and sums up. The program's failures are verdicts in the outcome; the grader's
 * own failures are exceptions, so the task can be retried.
 */
public final class Grader {
  private static final int COMPILE_OUTPUT_CAP = 64 * 1024;
  private static final long CLAIM_MARGIN_MS = 30_000;

  private final Sandbox sandbox;
  private final int sandboxUid;
  private final FileCache cache;
  private final Languages languages;
  private final LimitsConfig limits;
  private final Path workRoot;
  private final Validators validators;
  private final String workerId;
  private final Timer compileTimer;
  private final Timer runTimer;
  private final Passes passes;
  private final RunBoxes boxes;
  private final WarmCompilers warmCompilers;
  private final CompiledArtifacts artifacts;
  private final RecentCompiles recent;

  /** A grader that compiles every language per submission and runs no interactive validators. */
  public Grader(
      Sandbox sandbox,
      int sandboxUid,
      FileCache cache,
      Languages languages,
      LimitsConfig limits,
      Path workRoot,
      Validators validators,
      String workerId,
      MetricRegistry metrics) {
    this(
        sandbox,
        null,
        sandboxUid,
        cache,
        languages,
        limits,
        workRoot,
        validators,
        workerId,
        metrics,
        null);
  }

  /** A grader that runs no interactive validators (they are then a judge error). */
  public Grader(
      Sandbox sandbox,
      int sandboxUid,
      FileCache cache,
      Languages languages,
      LimitsConfig limits,
      Path workRoot,
      Validators validators,
      String workerId,
      MetricRegistry metrics,
      WarmCompilers warmCompilers) {
    this(
        sandbox,
        null,
        sandboxUid,
        cache,
        languages,
        limits,
        workRoot,
        validators,
        workerId,
        metrics,
        warmCompilers);
  }

  /**
   * @param peer a second sandbox of the slot, in which an interactive problem's validator runs
   *     while {@code sandbox} runs the submission; null for none
   * @param warmCompilers the slot's warm compilers, which compile the languages that compile warm;
   *     null compiles every language with its compile command
   */
  public Grader(
      Sandbox sandbox,
      Sandbox peer,
      int sandboxUid,
      FileCache cache,
      Languages languages,
      LimitsConfig limits,
      Path workRoot,
      Validators validators,
      String workerId,
      MetricRegistry metrics,
      WarmCompilers warmCompilers) {
    this(
        sandbox,
        peer,
        sandboxUid,
        cache,
        languages,
        limits,
        workRoot,
        validators,
        workerId,
        metrics,
        warmCompilers,
        null,
        null);
  }

  /**
   * @param artifacts where the slots grading the parts of one split submission share its compiled
   *     program, so that it is compiled once; null: every part compiles it
   * @param recent the worker's recent compiles, which a whole submission of the same key reuses
   *     (keyed with the artifacts' toolchain, so only with {@code artifacts}); null: none kept
   */
  public Grader(
      Sandbox sandbox,
      Sandbox peer,
      int sandboxUid,
      FileCache cache,
      Languages languages,
      LimitsConfig limits,
      Path workRoot,
      Validators validators,
      String workerId,
      MetricRegistry metrics,
      WarmCompilers warmCompilers,
      CompiledArtifacts artifacts,
      RecentCompiles recent) {
    this.warmCompilers = warmCompilers;
    this.artifacts = artifacts;
    this.recent = recent;
    this.sandbox = sandbox;
    this.sandboxUid = sandboxUid;
    this.cache = cache;
    this.languages = languages;
    this.limits = limits;
    this.workRoot = workRoot;
    this.validators = validators;
    this.workerId = workerId;
    this.compileTimer = metrics.timer("verdict.worker.compile");
    this.runTimer = metrics.timer("verdict.worker.run");
    this.boxes = new RunBoxes(workRoot.resolve("box"), sandboxUid);
    // why: Sandbox.run ties a run to the thread that started it, so the validator of an
    // interactive run needs a long-lived platform thread of its own, beside the slot's.
    this.passes =
        new Passes(
            sandbox,
            boxes,
            peer,
            peer == null
                ? null
                : Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("interactive-validator-", 0).daemon().factory()));
  }

  /**
   * @throws InvalidTaskException when an id or a name of the task is not fit to reach the disk
   *     ({@link TaskCheck}); nothing was written or removed then
   */
  public GradingOutcome grade(GradingTask task, GradingListener listener) {
    TaskCheck.require(task);
    long startedAt = System.currentTimeMillis();
    Language language = languages.get(task.language()).orElse(null);
    if (language == null) {
      return GradingOutcome.failed(
          Verdict.INTERNAL_ERROR,
          task.maxScore(),
          "",
          workerId,
          startedAt,
          System.currentTimeMillis(),
          "language " + task.language() + " is not offered by worker " + workerId);
    }
    OutputJudge judge;
    try {
      judge = judgeFor(task);
    } catch (ValidatorException | IllegalArgumentException e) {
      return GradingOutcome.failed(
          Verdict.INTERNAL_ERROR,
          task.maxScore(),
          "",
          workerId,
          startedAt,
          System.currentTimeMillis(),
          "problem checker: " + e.getMessage());
    }
    // why: fixed names (a slot grades one task at a time): a run's /box is a bind of this
    // directory,
    // and /proc/self/mountinfo shows its name, which should say nothing of the submission.
    Path dir = workRoot.resolve("submission");
    try {
      SourceLayout layout;
      try {
        layout = language.layout(sourceFiles(task), task.entryPoint());
      } catch (SourceLayoutException e) {
        return GradingOutcome.failed(
            Verdict.COMPILATION_ERROR,
            task.maxScore(),
            e.getMessage(),
            workerId,
            startedAt,
            System.currentTimeMillis(),
            null);
      }
      writeWorkDir(dir, layout);
      String compileOutput = "";
      Double compileTimeMs = null;
      if (language.compiled()) {
        Compilation compilation =
            compileOrShare(
                task,
                language,
                layout,
                dir,
                task.compileLimits() == null ? LimitOverrides.NONE : task.compileLimits());
        compileOutput = compilation.output();
        compileTimeMs = compilation.wallTimeMs();
        if (!compilation.succeeded()) {
          return GradingOutcome.failed(
                  Verdict.COMPILATION_ERROR,
                  task.maxScore(),
                  compileOutput,
                  workerId,
                  startedAt,
                  System.currentTimeMillis(),
                  null)
              .withCompileTimeMs(compileTimeMs);
        }
        try {
          layout = language.withMainClass(layout, dir, task.entryPoint());
        } catch (SourceLayoutException e) {
          return GradingOutcome.failed(
                  Verdict.COMPILATION_ERROR,
                  task.maxScore(),
                  (compileOutput.isEmpty() ? "" : compileOutput + "\n") + e.getMessage(),
                  workerId,
                  startedAt,
                  System.currentTimeMillis(),
                  null)
              .withCompileTimeMs(compileTimeMs);
        }
      }
      ResourceLimits runLimits =
          limits.resolveRun(
              language.config().limits(), task.limits(), language.config().timeMultiplier());
      List<String> command = language.runCommand(layout, runLimits, task.options());
      if (task.groups() != null) {
        GroupScoring.Graded graded =
            GroupScoring.grade(
                task.groups(),
                task.checker().scoresFromValidator(),
                index -> {
                  GroupScoring.TestRun run =
                      runTest(task, index, language, judge, command, runLimits, dir);
                  listener.testFinished(index, run.result());
                  return run;
                });
        return new GradingOutcome(
            graded.verdict(),
            graded.score(),
            graded.maxScore(),
            compileOutput,
            graded.tests(),
            workerId,
            startedAt,
            System.currentTimeMillis(),
            graded.error(),
            compileTimeMs,
            graded.groups());
      }
      List<TestResult> results = new ArrayList<>();
      for (int i = 0; i < task.tests().size(); i++) {
        TestResult result = runTest(task, i, language, judge, command, runLimits, dir).result();
        results.add(result);
        listener.testFinished(i, result);
        if (task.stopOnFailure() && !result.passed()) {
          break;
        }
      }
      return GradingOutcome.fromTests(
              results,
              task.maxScore(),
              compileOutput,
              workerId,
              startedAt,
              System.currentTimeMillis())
          .withCompileTimeMs(compileTimeMs);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * @param limited whether a limit stopped the compile (time, memory, output, file size, the work
   *     area): not the program's answer alone, so not kept for a later submission
   */
  private record Compilation(boolean succeeded, String output, double wallTimeMs, boolean limited) {
    Compilation(boolean succeeded, String output, double wallTimeMs) {
      this(succeeded, output, wallTimeMs, false);
    }

    static Compilation limited(String output, double wallTimeMs) {
      return new Compilation(false, output, wallTimeMs, true);
    }
  }

  private OutputJudge judgeFor(GradingTask task) throws ValidatorException {
    if (!task.checker().custom()) {
      return new BuiltInJudge(Checker.of(task.checker()), cache);
    }
    Validators.Validator validator = validators.get(task.checker(), sandbox, sandboxUid);
    return new ValidatorJudge(
        validator,
        sandbox,
        sandboxUid,
        cache,
        workRoot.resolve("check"),
        limits.resolveChecker(task.checker().validatorLimits()),
        task.checker().flags(),
        task.checker().scoreFile());
  }

  /**
   * The compile of one part of a split submission goes through the artifact store, so that one slot
   * compiles and the others unpack what it made (or report its compile error); a whole submission's
   * compile, the only one of its program, skips the store's round trips.
   */
  private Compilation compileOrShare(
      GradingTask task,
      Language language,
      SourceLayout layout,
      Path dir,
      LimitOverrides problemCompileLimits) {
    if (artifacts == null) {
      return compile(language, layout, dir, problemCompileLimits, task.options());
    }
    ResourceLimits compileLimits =
        limits.resolveCompile(language.config().compileLimits(), problemCompileLimits);
    String key =
        ArtifactKey.of(
            List.of(
                artifacts.toolchain(),
                language.name(),
                language.config(),
                String.valueOf(task.entryPoint()),
                compileLimits,
                task.options()),
            layout.files());
    if (task.chunk() == null) {
      return compileOrRecall(key, task, language, layout, dir, problemCompileLimits);
    }
    // why: a claim outlives the compile's wall time limit, with room for a warm compiler's start
    // and for storing the program; a claimant gone silent past it is taken to be dead.
    long claimMs = compileLimits.wallTimeMs() + CLAIM_MARGIN_MS;
    return switch (artifacts.obtain(key, claimMs)) {
      case CompiledArtifacts.Stored stored -> {
        if (stored.succeeded()) {
          stored.unpackInto(dir, sandboxUid);
        }
        yield new Compilation(stored.succeeded(), stored.output(), stored.compileTimeMs());
      }
      case CompiledArtifacts.Claimed claim -> {
        try {
          Compilation compilation =
              compile(language, layout, dir, problemCompileLimits, task.options());
          claim.store(compilation.succeeded(), compilation.output(), compilation.wallTimeMs(), dir);
          yield compilation;
        } finally {
          claim.abandon();
        }
      }
      case CompiledArtifacts.Alone ignored ->
          compile(language, layout, dir, problemCompileLimits, task.options());
    };
  }

  /** A whole submission's compile: this worker's last one of the same key, or a new one. */
  private Compilation compileOrRecall(
      String key,
      GradingTask task,
      Language language,
      SourceLayout layout,
      Path dir,
      LimitOverrides problemCompileLimits) {
    if (recent == null) {
      return compile(language, layout, dir, problemCompileLimits, task.options());
    }
    Optional<CompiledArtifacts.Stored> kept = recent.get(key);
    if (kept.isPresent()) {
      CompiledArtifacts.Stored stored = kept.get();
      if (stored.succeeded()) {
        stored.unpackInto(dir, sandboxUid);
      }
      return new Compilation(stored.succeeded(), stored.output(), stored.compileTimeMs());
    }
    Compilation compilation = compile(language, layout, dir, problemCompileLimits, task.options());
    if (!compilation.limited()) {
      recent.put(key, compilation.succeeded(), compilation.output(), compilation.wallTimeMs(), dir);
    }
    return compilation;
  }

  /**
   * @param problemCompileLimits the package's own compile limits, which raise the configured ones
   */
  private Compilation compile(
      Language language,
      SourceLayout layout,
      Path dir,
      LimitOverrides problemCompileLimits,
      RunOptions options) {
    ResourceLimits compileLimits =
        limits.resolveCompile(language.config().compileLimits(), problemCompileLimits);
    // why: a task's own compile arguments may name files or plugins; the warm compiler, which
    // compiles the next submission too, takes only those that cannot (WarmCompiler.takes), and a
    // compile with others runs as its own process, which ends with it.
    if (warmCompilers != null && language.warmCompiled() && warmTakes(language, options)) {
      return compileWarm(language, layout, dir, compileLimits, options);
    }
    RunResult result;
    try (Timer.Context ignored = compileTimer.time()) {
      result =
          sandbox.run(
              new RunRequest(
                  language.compileCommand(layout, compileLimits, options),
                  dir,
                  true,
                  null,
                  compileLimits,
                  language.readOnlyPaths(),
                  Map.of()));
    }
    String output = compilerOutput(result);
    double ms = round(result.wallTimeMs());
    return switch (result.termination()) {
      case EXITED -> new Compilation(result.exitCode() == 0, output, ms);
      case CPU_TIME_LIMIT, WALL_TIME_LIMIT ->
          Compilation.limited(output + "\n[compilation exceeded its time limit]", ms);
      case MEMORY_LIMIT ->
          Compilation.limited(output + "\n[compilation exceeded its memory limit]", ms);
      case OUTPUT_LIMIT -> Compilation.limited(output + "\n[" + result.stopReason() + "]", ms);
    };
  }

  private static boolean warmTakes(Language language, RunOptions options) {
    List<String> all = new ArrayList<>(language.warmCompileOptions());
    all.addAll(options.compileArgs());
    return WarmCompiler.takes(all);
  }

  private Compilation compileWarm(
      Language language,
      SourceLayout layout,
      Path dir,
      ResourceLimits compileLimits,
      RunOptions options) {
    Map<String, byte[]> sources = new TreeMap<>();
    for (String name : layout.sources()) {
      sources.put(name, layout.files().get(name));
    }
    WarmCompiler.Result result;
    try (Timer.Context ignored = compileTimer.time()) {
      List<String> compileOptions = new ArrayList<>(language.warmCompileOptions());
      compileOptions.addAll(options.compileArgs());
      result = warmCompilers.of(language).compile(sources, compileOptions, compileLimits);
    }
    String output = cap(result.output().strip());
    double ms = round(result.wallTimeMs());
    return switch (result.outcome()) {
      case SUCCEEDED -> {
        long largest = result.classes().values().stream().mapToLong(c -> c.length).max().orElse(0);
        if (largest > compileLimits.fileSizeKb() * 1024) {
          yield Compilation.limited(output + "\n[file size limit: a class file exceeded it]", ms);
        }
        if (!writeClasses(dir, result.classes())) {
          yield Compilation.limited(output + "\n[the class files exceed the slot's work area]", ms);
        }
        yield new Compilation(true, output, ms);
      }
      case FAILED -> new Compilation(false, output, ms);
      case TIME_LIMIT ->
          Compilation.limited(output + "\n[compilation exceeded its time limit]", ms);
      case MEMORY_LIMIT ->
          Compilation.limited(output + "\n[compilation exceeded its memory limit]", ms);
    };
  }

  /**
   * Writes the class files into the work directory; false when they do not fit in the slot's work
   * area (the program's fault: a compile that makes too much, as with a compile step).
   */
  private boolean writeClasses(Path dir, Map<String, byte[]> classes) {
    try {
      for (var file : classes.entrySet()) {
        Path path = dir.resolve(file.getKey()).normalize();
        if (!path.startsWith(dir)) {
          throw new IllegalStateException("class file outside the work directory: " + path);
        }
        for (Path parent = path.getParent(); !parent.equals(dir); parent = parent.getParent()) {
          if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent);
          }
        }
        Files.write(path, file.getValue());
      }
      // why: the runs see the work directory's entries as the slot's uid would have written them.
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path path : walk.toList()) {
          Files.setAttribute(path, "unix:uid", sandboxUid);
          Files.setAttribute(path, "unix:gid", sandboxUid);
        }
      }
      return true;
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("No space left on device")) {
        return false;
      }
      throw new UncheckedIOException("cannot write the class files into " + dir, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the class files into " + dir, e);
    }
  }

  private static String cap(String text) {
    return text.length() <= COMPILE_OUTPUT_CAP ? text : text.substring(0, COMPILE_OUTPUT_CAP);
  }

  private static String compilerOutput(RunResult result) {
    String text =
        (OutputExcerpt.text(result.stdout(), result.stdout().length)
                + OutputExcerpt.text(result.stderr(), result.stderr().length))
            .strip();
    return text.length() <= COMPILE_OUTPUT_CAP ? text : text.substring(0, COMPILE_OUTPUT_CAP);
  }

  private GroupScoring.TestRun runTest(
      GradingTask task,
      int index,
      Language language,
      OutputJudge judge,
      List<String> command,
      ResourceLimits runLimits,
      Path dir) {
    TestCase test = task.tests().get(index);
    if (test.input() != null) {
      cache.put(test.inputSha256(), test.input().getBytes(StandardCharsets.UTF_8));
    }
    Path input = cache.path(test.inputSha256());
    if (judge instanceof ValidatorJudge validator
        && (task.checker().interacts() || task.checker().maxPasses() > 1)) {
      Passes.Outcome outcome;
      try (Timer.Context ignored = runTimer.time()) {
        outcome =
            passes.run(
                test,
                input,
                language,
                validator,
                command,
                runLimits,
                dir,
                workRoot.resolve("passes"),
                task.checker().interacts(),
                task.checker().maxPasses(),
                task.allowFileWriting());
      }
      return testRun(
          task, test, outcome.verdict(), outcome.run(), outcome.cpuTimeMs(), outcome.check());
    }
    RunResult run;
    try (Timer.Context ignored = runTimer.time();
        RunBoxes.Box box = boxes.open(dir, task.allowFileWriting())) {
      run =
          sandbox.run(
              new RunRequest(
                      command,
                      box.dir(),
                      box.writable(),
                      input,
                      runLimits,
                      language.readOnlyPaths(),
                      Map.of())
                  .endingWithProgram(task.options().endsWithProgram()));
    }
    AtomicReference<CheckResult> checked = new AtomicReference<>();
    Verdict verdict =
        Verdicts.of(
            run,
            language,
            () -> {
              CheckResult result = judge.judge(test, input, run.stdout());
              checked.set(result);
              return result;
            });
    return testRun(task, test, verdict, run, run.cpuTimeMs(), checked.get());
  }

  private GroupScoring.TestRun testRun(
      GradingTask task,
      TestCase test,
      Verdict verdict,
      RunResult run,
      double cpuTimeMs,
      CheckResult check) {
    // why: an ad-hoc run (a Jobe run among them) exists to show what the program wrote.
    int excerpt =
        GradingTask.isAdhoc(task.problemId())
            ? limits.adhocOutputBytes()
            : limits.outputExcerptBytes();
    TestResult result =
        new TestResult(
            test.name(),
            verdict,
            test.weight(),
            round(cpuTimeMs),
            run == null ? 0 : round(run.wallTimeMs()),
            run == null ? 0 : run.peakMemoryBytes() / 1024,
            run == null ? null : run.exitCode(),
            run == null ? null : run.stopReason(),
            check == null || check.message().isEmpty() ? null : check.message(),
            run == null ? null : OutputExcerpt.of(run.stdout(), excerpt),
            run == null ? null : OutputExcerpt.of(run.stderr(), excerpt));
    return check == null
        ? GroupScoring.TestRun.of(result)
        : new GroupScoring.TestRun(result, check.score(), check.scoreMultiplier());
  }

  private Map<String, byte[]> sourceFiles(GradingTask task) {
    Map<String, byte[]> files = new TreeMap<>();
    for (SourceFile file : task.files()) {
      byte[] content =
          file.content() != null
              ? file.content().getBytes(StandardCharsets.UTF_8)
              : cache.read(file.sha256());
      files.put(file.name(), content);
    }
    return files;
  }

  private void writeWorkDir(Path dir, SourceLayout layout) {
    try {
      deleteTree(dir);
      Files.createDirectories(dir);
      for (var file : layout.files().entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.write(path, file.getValue());
        Files.setAttribute(path, "unix:uid", sandboxUid);
        Files.setAttribute(path, "unix:gid", sandboxUid);
      }
      // why: the compiler runs as the slot's uid and writes its output here.
      Files.setAttribute(dir, "unix:uid", sandboxUid);
      Files.setAttribute(dir, "unix:gid", sandboxUid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare work directory " + dir, e);
    }
  }

  private static double round(double ms) {
    return Math.round(ms * 100) / 100.0;
  }

  public static void deleteTree(Path dir) {
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
