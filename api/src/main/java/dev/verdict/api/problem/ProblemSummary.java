package dev.verdict.api.problem;

import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.WholeNumbers;
import dev.verdict.common.problem.ProblemType;
import dev.verdict.common.problem.ProblemVersion;

/**
 * A problem as the list and an upload's answer show it.
 *
 * @param maxScore the highest score, a whole number where it is one; null when unbounded
 * @param timeLimitMs CPU time per test before any language multiplier
 */
record ProblemSummary(
    String id,
    String name,
    String version,
    ProblemType type,
    int tests,
    Number maxScore,
    long timeLimitMs,
    int memoryMb) {

  static ProblemSummary of(ProblemVersion problem, LimitsConfig limits) {
    ResourceLimits resolved = resolve(problem, limits);
    return new ProblemSummary(
        problem.problemId(),
        problem.name(),
        problem.version(),
        problem.type(),
        problem.tests().size(),
        WholeNumbers.shown(problem.maxScore()),
        resolved.timeLimitMs(),
        resolved.memoryMb());
  }

  /** The limits a test run of the problem gets, before any language's own. */
  static ResourceLimits resolve(ProblemVersion problem, LimitsConfig limits) {
    return limits.resolveRun(LimitOverrides.NONE, problem.limits(), 1.0);
  }
}
