package dev.verdict.common.message;

import dev.verdict.common.limits.LimitOverrides;
import java.util.List;

/**
 * Grade one submission: compile once, run every test in order on one slot. It carries all a worker
 * needs, so a worker touches no database but the blob store (and that only on a cache miss).
 *
 * @param limits the problem's limit overrides; the worker resolves them with its language table
 * @param stopOnFailure stop at the first failed test instead of running them all
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
    long queuedAt)
    implements Message {
  public static final String TYPE = "grading.task";
  public static final int VERSION = 1;

  public GradingTask {
    files = List.copyOf(files);
    tests = List.copyOf(tests);
    limits = limits == null ? LimitOverrides.NONE : limits;
    checker = checker == null ? CheckerSpec.defaultChecker() : checker;
  }

  public int maxScore() {
    return tests.stream().mapToInt(TestCase::weight).sum();
  }
}
