package dev.verdict.common.config;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;

/**
 * Ad-hoc runs: submissions that bring their own tests instead of naming a stored problem. Key
 * prefix {@code api.adhoc.}.
 *
 * @param maxTests tests per ad-hoc submission
 * @param maxTestBytes bytes of one test's input, and of its expected output, each
 * @param maxTotalTestBytes bytes of every input and expected output of a submission together
 * @param maxLimits the highest limits an ad-hoc submission may ask for, field by field; a field not
 *     set here takes its default of {@link #DEFAULT_MAX_LIMITS}. The worker still clamps every run
 *     to {@code limits.max}.
 * @param directTasks whether the API publishes the grading task of an ad-hoc run with one test
 *     (every Jobe run) straight to the task queue, instead of a submission message that a
 *     dispatcher turns into that same task: one message, a dispatcher's hop and a version look-up
 *     less per run. Any other submission, and every one while this is false, goes through the
 *     dispatcher.
 */
public record ApiAdhocConfig(
    Integer maxTests,
    Integer maxTestBytes,
    Integer maxTotalTestBytes,
    LimitOverrides maxLimits,
    Boolean directTasks) {

  public static final int DEFAULT_MAX_TESTS = 50;
  public static final int DEFAULT_MAX_TEST_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_TOTAL_TEST_BYTES = 4 << 20;

  /** The default ceilings of what an ad-hoc submission may ask for. */
  public static final ResourceLimits DEFAULT_MAX_LIMITS =
      new ResourceLimits(10_000, 30_000, 1_024, 128, 16_384, 65_536, 256, 256, 256);

  public ApiAdhocConfig {
    maxTests = Check.intIn("api.adhoc.maxTests", maxTests, DEFAULT_MAX_TESTS, 1, 10_000);
    maxTestBytes =
        Check.intIn(
            "api.adhoc.maxTestBytes", maxTestBytes, DEFAULT_MAX_TEST_BYTES, 1, Integer.MAX_VALUE);
    maxTotalTestBytes =
        Check.intIn(
            "api.adhoc.maxTotalTestBytes",
            maxTotalTestBytes,
            DEFAULT_MAX_TOTAL_TEST_BYTES,
            1,
            Integer.MAX_VALUE);
    maxLimits = maxLimits == null ? LimitOverrides.NONE : maxLimits;
    directTasks = directTasks == null || directTasks;
  }

  public static ApiAdhocConfig defaults() {
    return new ApiAdhocConfig(null, null, null, null, null);
  }

  /** Every ceiling, the configured ones over the defaults. */
  public ResourceLimits ceilings() {
    return maxLimits.over(DEFAULT_MAX_LIMITS);
  }
}
