package dev.verdict.common.problem;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.TestCase;
import java.util.List;

/**
 * One immutable version of a problem: what a submission made against it is graded with, even if the
 * problem changes later.
 *
 * @param version a digest of everything below, so loading the same package twice is a no-op
 * @param stopOnFailure stop at the first failed test (Kattis {@code on_reject: break}) rather than
 *     run every test for partial credit
 */
public record ProblemVersion(
    String problemId,
    String version,
    String name,
    LimitOverrides limits,
    CheckerSpec checker,
    List<TestCase> tests,
    boolean stopOnFailure) {

  public ProblemVersion {
    tests = List.copyOf(tests);
    limits = limits == null ? LimitOverrides.NONE : limits;
    checker = checker == null ? CheckerSpec.defaultChecker() : checker;
  }

  public int maxScore() {
    return tests.stream().mapToInt(TestCase::weight).sum();
  }
}
