package dev.verdict.common.message;

import java.util.List;

/**
 * Progress: consecutive tests of a task finished. A worker sends the first test's result at once
 * and then gathers results for a short while, so a submission costs a few progress messages rather
 * than one per test. Sent without waiting for a confirm; may be lost.
 *
 * @param firstIndex the 0-based index of {@code results.get(0)} among the task's tests
 */
public record TestsFinished(int v, String submissionId, int firstIndex, List<TestResult> results)
    implements Message {
  public static final String TYPE = "tests.finished";
  public static final int VERSION = 1;

  public TestsFinished {
    results = List.copyOf(results);
  }
}
