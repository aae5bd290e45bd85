package dev.verdict.api.jobe;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;

/**
 * Jobe's outcome codes (the ideone API's), and the one decision of which a Verdict result gets.
 * Jobe judges a run by what it wrote to stderr, not by its exit code: any stderr output is a
 * runtime error, and a non-zero exit with a silent stderr is a success. The facade answers the
 * same, so questions written against Jobe grade the same here.
 */
enum JobeOutcome {
  COMPILATION_ERROR(11),
  RUNTIME_ERROR(12),
  TIME_LIMIT(13),
  SUCCESS(15),
  MEMORY_LIMIT(17),
  ILLEGAL_SYSCALL(19),
  INTERNAL_ERROR(20),
  SERVER_OVERLOAD(21);

  /** The signal of a system call the sandbox's seccomp filter forbids. */
  private static final int SIGSYS = 31;

  final int code;

  JobeOutcome(int code) {
    this.code = code;
  }

  /**
   * The outcome of a finished one-test run.
   *
   * @param outcome the submission's result
   * @param test its one test's result, or null when none ran (a compile error, a grader failure)
   */
  static JobeOutcome of(GradingOutcome outcome, TestResult test) {
    switch (outcome.verdict()) {
      case COMPILATION_ERROR -> {
        return COMPILATION_ERROR;
      }
      case INTERNAL_ERROR -> {
        return INTERNAL_ERROR;
      }
      default -> {}
    }
    if (test == null) {
      return INTERNAL_ERROR;
    }
    boolean wroteToStderr = test.stderr() != null && !test.stderr().isEmpty();
    return switch (test.verdict()) {
      case ACCEPTED, WRONG_ANSWER -> wroteToStderr ? RUNTIME_ERROR : SUCCESS;
      // why: Jobe lets a program that writes without end run into its CPU limit (its output is
      // only truncated), so such a program is a time-limit outcome there.
      case TIME_LIMIT_EXCEEDED, OUTPUT_LIMIT_EXCEEDED -> TIME_LIMIT;
      case MEMORY_LIMIT_EXCEEDED -> MEMORY_LIMIT;
      case RUNTIME_ERROR -> runtimeError(test, wroteToStderr);
      case COMPILATION_ERROR -> COMPILATION_ERROR;
      case INTERNAL_ERROR -> INTERNAL_ERROR;
    };
  }

  private static JobeOutcome runtimeError(TestResult test, boolean wroteToStderr) {
    Integer exit = test.exitCode();
    int signal = exit != null && exit > 128 && exit < 128 + 65 ? exit - 128 : 0;
    if (signal == SIGSYS) {
      return ILLEGAL_SYSCALL;
    }
    return wroteToStderr || signal != 0 ? RUNTIME_ERROR : SUCCESS;
  }
}
