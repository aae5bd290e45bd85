package dev.verdict.worker.grading;

import dev.verdict.common.message.Verdict;
import dev.verdict.worker.checker.CheckResult;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.sandbox.RunResult;
import java.util.function.Supplier;

/** Turns what a test run did into its verdict. */
final class Verdicts {
  private Verdicts() {}

  /**
   * The limits come first (a killed program's output is meaningless), then the exit status, and
   * only a program that ended cleanly has its output checked.
   */
  static Verdict of(RunResult run, Language language, Supplier<CheckResult> check) {
    switch (run.termination()) {
      case CPU_TIME_LIMIT, WALL_TIME_LIMIT -> {
        return Verdict.TIME_LIMIT_EXCEEDED;
      }
      case MEMORY_LIMIT -> {
        return Verdict.MEMORY_LIMIT_EXCEEDED;
      }
      case OUTPUT_LIMIT -> {
        return Verdict.OUTPUT_LIMIT_EXCEEDED;
      }
      case EXITED -> {
        if (run.exitCode() != 0) {
          return language.reportsOutOfMemory(run.stdout(), run.stderr())
              ? Verdict.MEMORY_LIMIT_EXCEEDED
              : Verdict.RUNTIME_ERROR;
        }
        CheckResult result = check.get();
        if (result.judgeError()) {
          return Verdict.INTERNAL_ERROR;
        }
        return result.accepted() ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER;
      }
    }
    throw new IllegalStateException("unhandled termination " + run.termination());
  }
}
