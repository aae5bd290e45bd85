package dev.verdict.system;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import java.time.Duration;
import java.util.Map;

/** The promise every fault test ends with, read from MongoDB, the durable record. */
final class Graded {
  private Graded() {}

  /**
   * Waits up to {@code atMost} until every submission of {@code expected} (id to verdict) is DONE,
   * then asserts that each has the verdict its program deserves and became DONE exactly once.
   */
  static void assertEveryOneDoneOnce(
      SubmissionStore store, Map<String, String> expected, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> done(store, expected) == expected.size());
    expected.forEach(
        (id, verdict) -> {
          Submission stored = store.find(id).orElseThrow();
          assertThat(stored.result().verdict().name())
              .as("%s: %s", id, stored.result().error())
              .isEqualTo(verdict);
          assertThat(stored.history().stream().filter(change -> change.state() == DONE))
              .as("%s is DONE exactly once: %s", id, stored.history())
              .hasSize(1);
        });
  }

  /** How many of {@code ids}' submissions are DONE. */
  static long done(SubmissionStore store, Map<String, String> ids) {
    return ids.keySet().stream()
        .filter(id -> store.find(id).map(s -> s.state() == DONE).orElse(false))
        .count();
  }
}
