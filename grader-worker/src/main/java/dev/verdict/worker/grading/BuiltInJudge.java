package dev.verdict.worker.grading;

import dev.verdict.common.message.TestCase;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.checker.CheckResult;
import dev.verdict.worker.checker.Checker;
import java.nio.file.Path;

/** A built-in checker, run in the worker itself on the cached test files. */
record BuiltInJudge(Checker checker, FileCache cache) implements OutputJudge {

  @Override
  public CheckResult judge(TestCase test, Path input, byte[] output) {
    return checker.check(cache.read(test.inputSha256()), cache.read(test.answerSha256()), output);
  }
}
