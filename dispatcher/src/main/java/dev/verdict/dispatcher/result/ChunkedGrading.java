package dev.verdict.dispatcher.result;

import dev.verdict.common.message.ChunkRun;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestChunk;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the outcomes of a split submission's parts back together into the outcome one task grading
 * every test in order would have given: the tests in order, the verdict of the first failing one,
 * and with stop-on-failure nothing after it. One decision, with no store, so that a test can hold
 * it against a sequential grading.
 */
final class ChunkedGrading {
  private ChunkedGrading() {}

  /**
   * The submission's outcome, once the parts recorded decide it: every part up to the first that
   * failed before running a test (a compile error, a judge error), or with {@code stopOnFailure} up
   * to the first with a failing test, else every part. Empty while a part before that is missing.
   *
   * @param parts the parts' outcomes recorded so far, by part index
   * @param chunk any part's description: how many parts, whether to stop at a failure, the highest
   *     score
   */
  static Optional<GradingOutcome> decide(Map<Integer, GradingOutcome> parts, TestChunk chunk) {
    int count = chunk.count();
    boolean stopOnFailure = chunk.stopOnFailure();
    List<GradingOutcome> deciding = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      GradingOutcome part = parts.get(index);
      if (part == null) {
        return Optional.empty();
      }
      deciding.add(part);
      boolean failedBeforeTests = part.tests().isEmpty() && part.verdict() != Verdict.ACCEPTED;
      boolean stops = stopOnFailure && part.tests().stream().anyMatch(t -> !t.passed());
      if (failedBeforeTests || stops) {
        break;
      }
    }
    return Optional.of(combine(deciding, stopOnFailure, chunk.maxScore()));
  }

  private static GradingOutcome combine(
      List<GradingOutcome> deciding, boolean stopOnFailure, double maxScore) {
    GradingOutcome first = deciding.getFirst();
    GradingOutcome last = deciding.getLast();
    long startedAt = deciding.stream().mapToLong(GradingOutcome::startedAt).min().orElse(0);
    long finishedAt = deciding.stream().mapToLong(GradingOutcome::finishedAt).max().orElse(0);
    List<ChunkRun> runs = new ArrayList<>();
    int position = 0;
    List<TestResult> tests = new ArrayList<>();
    for (GradingOutcome part : deciding) {
      runs.add(
          new ChunkRun(
              position, part.tests().size(), part.workerId(), part.startedAt(), part.finishedAt()));
      position += part.tests().size();
      for (TestResult test : part.tests()) {
        tests.add(test);
        if (stopOnFailure && !test.passed()) {
          break;
        }
      }
    }
    if (last.tests().isEmpty() && last.verdict() != Verdict.ACCEPTED) {
      // why: a part fails before its tests only for what every part shares (the sources, the
      // language, the checker), so the one that failed says what a single task would have said.
      return new GradingOutcome(
          last.verdict(),
          0,
          maxScore,
          last.compileOutput(),
          List.of(),
          last.workerId(),
          startedAt,
          finishedAt,
          last.error(),
          last.compileTimeMs(),
          null,
          runs);
    }
    return GradingOutcome.fromTests(
            tests, maxScore, first.compileOutput(), first.workerId(), startedAt, finishedAt)
        .withCompileTimeMs(first.compileTimeMs())
        .withChunks(runs);
  }
}
