package dev.verdict.worker.grading;

import dev.verdict.common.message.TestCase;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.checker.CheckResult;
import dev.verdict.worker.checker.Checker;
import java.nio.file.Path;

/**
 * A built-in checker, run in the worker itself on the cached test files. A test without an expected
 * answer (an ad-hoc run's) is accepted once it ran cleanly: its verdict is about running only.
 */
record BuiltInJudge(Checker checker, FileCache cache) implements OutputJudge {

  @Override
  public CheckResult judge(TestCase test, Path input, byte[] output) {
    if (test.answerSha256() == null) {
      return CheckResult.ok();
    }
    return checker.check(cache.read(test.inputSha256()), cache.read(test.answerSha256()), output);
  }
}
