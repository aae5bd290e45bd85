package dev.verdict.common.access;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for what a reader may see of a submission's result. Every way a result leaves the
 * system (a GET, a list, a long poll, and any later event, webhook or page) passes it through
 * {@link #visible}, so the rule cannot differ between them.
 *
 * <p>Staff and admins see everything. A submitter sees, of a sample test ({@code sample/...}), all
 * of it: verdict, resources, exit code, the checker's message. Of any other test (secret), only the
 * verdict, CPU and wall time, memory, weight and score: never its name (unless the problem names
 * the first failing one), the checker's message (which may quote the expected answer), the exit
 * code or why the sandbox stopped it. Of an ad-hoc run, whose tests the submitter brought, every
 * test is shown whole, output excerpts included. The compiler's output is shown capped; a grader
 * failure's details are not shown at all.
 */
public final class ResultVisibility {
  private static final String SAMPLE_PREFIX = "sample/";
  private static final String GRADER_FAILED = "the grader failed; staff can see why";

  private ResultVisibility() {}

  /** What {@code audience} may see of a submission's tests so far and its final outcome. */
  public record Visible(List<TestResult> tests, GradingOutcome outcome) {}

  /**
   * @param tests the tests finished so far (the outcome's own when it is done), in test order
   * @param outcome the final outcome, or null while grading
   * @return the same shape with what {@code audience} may not see removed
   */
  public static Visible visible(Audience audience, List<TestResult> tests, GradingOutcome outcome) {
    if (audience.role().seesEverything()) {
      return new Visible(tests == null ? List.of() : tests, outcome);
    }
    List<TestResult> shownTests = submitterTests(audience, tests == null ? List.of() : tests);
    GradingOutcome shownOutcome = null;
    if (outcome != null) {
      shownOutcome =
          new GradingOutcome(
              outcome.verdict(),
              outcome.score(),
              outcome.maxScore(),
              cap(outcome.compileOutput(), audience.compileOutputChars()),
              submitterTests(audience, outcome.tests()),
              null,
              outcome.startedAt(),
              outcome.finishedAt(),
              outcome.error() == null ? null : GRADER_FAILED,
              outcome.compileTimeMs(),
              outcome.groups());
    }
    return new Visible(shownTests, shownOutcome);
  }

  private static List<TestResult> submitterTests(Audience audience, List<TestResult> tests) {
    List<TestResult> shown = new ArrayList<>(tests.size());
    boolean failureNamed = false;
    int secret = 0;
    for (TestResult test : tests) {
      if (audience.ownsTests() || isSample(test)) {
        shown.add(test);
        continue;
      }
      secret++;
      boolean nameIt =
          audience.namesFirstFailingSecretTest()
              && !failureNamed
              && test.verdict() != Verdict.ACCEPTED;
      failureNamed |= nameIt;
      shown.add(
          new TestResult(
              nameIt ? test.name() : "secret #" + secret,
              test.verdict(),
              test.weight(),
              test.cpuTimeMs(),
              test.wallTimeMs(),
              test.memoryKb(),
              null,
              null,
              null,
              null,
              null,
              test.score()));
    }
    return shown;
  }

  private static boolean isSample(TestResult test) {
    return test.name() != null && test.name().startsWith(SAMPLE_PREFIX);
  }

  private static String cap(String text, int chars) {
    if (text == null || text.length() <= chars) {
      return text;
    }
    return text.substring(0, chars) + "\n[... cut at " + chars + " characters]";
  }
}
