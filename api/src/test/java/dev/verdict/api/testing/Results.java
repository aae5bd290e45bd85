package dev.verdict.api.testing;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.SubmissionStore;
import java.util.List;

/**
 * Finishes submissions as the dispatcher would (MongoDB, then Redis with its announcement), for API
 * tests that run without a dispatcher or worker.
 */
public final class Results {
  public static final String SECRET_MESSAGE = "expected '-2', got '8'";
  public static final String SAMPLE_MESSAGE = "expected '3', got '4'";

  private Results() {}

  /** A wrong answer: sample/1 passed, sample/2 wrong, secret/1 passed, secret/2-negative wrong. */
  public static GradingOutcome wrongAnswer() {
    return GradingOutcome.fromTests(
        List.of(
            test("sample/1", Verdict.ACCEPTED, null),
            test("sample/2", Verdict.WRONG_ANSWER, SAMPLE_MESSAGE),
            test("secret/1", Verdict.ACCEPTED, null),
            test("secret/2-negative", Verdict.WRONG_ANSWER, SECRET_MESSAGE)),
        4,
        "warning: unused variable",
        "test-worker",
        1_000,
        2_000);
  }

  private static TestResult test(String name, Verdict verdict, String message) {
    return new TestResult(
        name,
        verdict,
        1,
        12.5,
        20.0,
        4096,
        0,
        null,
        message,
        "stdout of " + name,
        "stderr of " + name);
  }

  /** Writes {@code outcome} as the final result of submission {@code id}. */
  public static void finish(RunningApi api, String id, GradingOutcome outcome) {
    var stored =
        new SubmissionStore(api.database(), new MetricRegistry())
            .finish(id, outcome, outcome.finishedAt())
            .orElseThrow();
    new StatusStore(
            api.redis(),
            api.config.namespace(),
            api.config.redis().statusTtlSeconds(),
            new MetricRegistry())
        .done(
            id,
            stored.problemId(),
            stored.language(),
            stored.createdAt(),
            outcome,
            outcome.finishedAt());
  }

  /** Forgets the live status of {@code id}, so the API reads MongoDB. */
  public static void forgetLive(RunningApi api, String id) {
    api.redis().del(api.config.namespace() + ":sub:" + id);
  }
}
