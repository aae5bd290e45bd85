package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.limits.LimitOverrides;
import java.util.ArrayList;
import java.util.List;

/**
 * Grade one submission: compile once, run every test in order on one slot. It carries all a worker
 * needs, so a worker touches no database but the blob store (and that only on a cache miss).
 *
 * @param limits the problem's limit overrides; the worker resolves them with its language table
 * @param stopOnFailure stop at the first failed test instead of running them all (ignored when
 *     {@code groups} is set: the groups' rules decide)
 * @param groups for a scoring problem: its test groups ({@code data/} and below), whose rules
 *     decide which tests run and the score; null: every test counts its weight
 * @param entryPoint the file, module or class to run as the submitter named it, or null: the
 *     language's rule finds it
 * @param grading which grading of the submission this is (1 when accepted, one more per rejudge;
 *     absent from messages written before rejudges: 1); its start, progress and result carry it
 * @param compileLimits the problem's own limits of the compile step ({@code compilation_time},
 *     {@code compilation_memory}), which raise the configured ones where larger; null: none
 * @param runOptions extra words for the compile and run commands; null: none
 * @param chunk which part of the submission's tests {@code tests} are, when they are split over
 *     several tasks ({@link #chunks}); null: every test
 * @param allowFileWriting a test run may write its working directory (a fresh copy of it per run);
 *     false, and absent from messages: the working directory is read-only to test runs
 */
public record GradingTask(
    int v,
    String submissionId,
    String problemId,
    String problemVersion,
    String language,
    List<SourceFile> files,
    List<TestCase> tests,
    LimitOverrides limits,
    CheckerSpec checker,
    boolean stopOnFailure,
    long queuedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) TestGroup groups,
    @JsonInclude(JsonInclude.Include.NON_NULL) String entryPoint,
    int grading,
    @JsonInclude(JsonInclude.Include.NON_NULL) LimitOverrides compileLimits,
    @JsonInclude(JsonInclude.Include.NON_NULL) RunOptions runOptions,
    @JsonInclude(JsonInclude.Include.NON_NULL) TestChunk chunk,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean allowFileWriting)
    implements Message {
  public static final String TYPE = "grading.task";

  /** The problem id of an ad-hoc run: the submitter's own inputs, no expected outputs. */
  public static final String ADHOC_PROBLEM = "_adhoc";

  public static final int VERSION = 1;

  /** Whether {@code problemId} is that of an ad-hoc run. */
  public static boolean isAdhoc(String problemId) {
    return ADHOC_PROBLEM.equals(problemId);
  }

  public GradingTask {
    files = List.copyOf(files);
    tests = List.copyOf(tests);
    limits = limits == null ? LimitOverrides.NONE : limits;
    checker = checker == null ? CheckerSpec.defaultChecker() : checker;
    grading = Math.max(1, grading);
    compileLimits = LimitOverrides.NONE.equals(compileLimits) ? null : compileLimits;
    runOptions = RunOptions.orNull(runOptions);
  }

  /** A task of every test of the submission, whose runs see their working directory read-only. */
  public GradingTask(
      int v,
      String submissionId,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      List<TestCase> tests,
      LimitOverrides limits,
      CheckerSpec checker,
      boolean stopOnFailure,
      long queuedAt,
      TestGroup groups,
      String entryPoint,
      int grading,
      LimitOverrides compileLimits,
      RunOptions runOptions) {
    this(
        v,
        submissionId,
        problemId,
        problemVersion,
        language,
        files,
        tests,
        limits,
        checker,
        stopOnFailure,
        queuedAt,
        groups,
        entryPoint,
        grading,
        compileLimits,
        runOptions,
        null,
        false);
  }

  /**
   * This task split into tasks of at most {@code size} tests each, in test order, each compiling
   * the sources itself; or this task alone when {@code size} is 0, when it has no more tests than
   * that, or when it has test groups (whose rules judge tests together).
   */
  public List<GradingTask> chunks(int size) {
    if (size <= 0 || tests.size() <= size || groups != null || chunk != null) {
      return List.of(this);
    }
    int count = (tests.size() + size - 1) / size;
    double maxScore = maxScore();
    List<GradingTask> parts = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      int first = index * size;
      parts.add(
          new GradingTask(
              v,
              submissionId,
              problemId,
              problemVersion,
              language,
              files,
              tests.subList(first, Math.min(tests.size(), first + size)),
              limits,
              checker,
              stopOnFailure,
              queuedAt,
              null,
              entryPoint,
              grading,
              compileLimits,
              runOptions,
              new TestChunk(index, count, first, stopOnFailure, maxScore),
              allowFileWriting));
    }
    return parts;
  }

  /** The position of this task's first test among all the submission's tests. */
  public int firstTest() {
    return chunk == null ? 0 : chunk.first();
  }

  /** The options, {@link RunOptions#NONE} when there are none. */
  public RunOptions options() {
    return runOptions == null ? RunOptions.NONE : runOptions;
  }

  /** A task of a submission's first grading. */
  public GradingTask(
      int v,
      String submissionId,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      List<TestCase> tests,
      LimitOverrides limits,
      CheckerSpec checker,
      boolean stopOnFailure,
      long queuedAt,
      TestGroup groups,
      String entryPoint) {
    this(
        v,
        submissionId,
        problemId,
        problemVersion,
        language,
        files,
        tests,
        limits,
        checker,
        stopOnFailure,
        queuedAt,
        groups,
        entryPoint,
        1,
        null,
        null);
  }

  /** A task of a submission's first grading, without test groups. */
  public GradingTask(
      int v,
      String submissionId,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      List<TestCase> tests,
      LimitOverrides limits,
      CheckerSpec checker,
      boolean stopOnFailure,
      long queuedAt) {
    this(
        v,
        submissionId,
        problemId,
        problemVersion,
        language,
        files,
        tests,
        limits,
        checker,
        stopOnFailure,
        queuedAt,
        null,
        null,
        1,
        null,
        null);
  }

  /** The highest score a submission can get, or null when the problem sets no bound. */
  public Double maxScore() {
    if (groups == null) {
      return (double) tests.stream().mapToInt(TestCase::weight).sum();
    }
    return GroupScoring.maxScore(groups, checker.scoresFromValidator());
  }
}
