package dev.verdict.worker.grading;

import dev.verdict.common.message.TestResult;

/** Hears about a task's progress while it is graded. */
public interface GradingListener {

  /** Test {@code index} (0-based, in task order) finished. */
  void testFinished(int index, TestResult result);

  GradingListener NONE = (index, result) -> {};
}
