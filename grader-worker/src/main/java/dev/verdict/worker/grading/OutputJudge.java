package dev.verdict.worker.grading;

import dev.verdict.common.message.TestCase;
import dev.verdict.worker.checker.CheckResult;
import java.nio.file.Path;

/** Judges the output of one test run: a built-in checker, or the problem's own validator. */
interface OutputJudge {

  /**
   * @param input the test's input file
   * @param output what the program wrote to stdout
   */
  CheckResult judge(TestCase test, Path input, byte[] output);
}
