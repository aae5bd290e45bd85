package dev.verdict.worker.slot;

import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.MongoExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StartRecorderIT {
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private SubmissionStore store;

  @BeforeEach
  void store() {
    store = new SubmissionStore(mongo.database(), new MetricRegistry());
    store.insert(Submission.queued("s1", "sum", "v1", "python3", List.of(), 1_000));
    store.insert(Submission.queued("s2", "sum", "v1", "python3", List.of(), 1_000));
  }

  @Test
  void a_grading_still_going_after_the_delay_is_recorded_running_from_its_start() {
    try (StartRecorder starts = new StartRecorder(store, Duration.ZERO, new MetricRegistry())) {
      starts.started("s1", 1, 2_000);

      await()
          .atMost(5, SECONDS)
          .untilAsserted(
              () -> assertThat(store.find("s1").orElseThrow().state()).isEqualTo(RUNNING));
      Submission stored = store.find("s1").orElseThrow();
      assertThat(stored.history().stream().map(StateChange::at)).containsExactly(1_000L, 2_000L);
      assertThat(stored.version()).isEqualTo(1);
    }
  }

  @Test
  void a_grading_that_ended_before_the_delay_writes_nothing() {
    StartRecorder starts = new StartRecorder(store, Duration.ofMillis(50), new MetricRegistry());
    starts.started("s1", 1, 2_000).cancel();
    starts.started("s2", 1, 2_001);

    // why: close waits for every start not cancelled, s2's, which is due after s1's would be.
    starts.close();

    assertThat(store.find("s2").orElseThrow().state()).isEqualTo(RUNNING);
    Submission cancelled = store.find("s1").orElseThrow();
    assertThat(cancelled.state()).isEqualTo(QUEUED);
    assertThat(cancelled.version()).isZero();
  }
}
