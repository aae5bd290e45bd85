package dev.verdict.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.status.LiveStatus;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.testing.RedisExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProgressReporterIT {
  @RegisterExtension static final RedisExtension redis = RedisExtension.perClass();
  private StatusStore status;
  private String id;

  @BeforeEach
  void newSubmission() {
    status = new StatusStore(redis.client(), redis.namespace(), 600, new MetricRegistry());
    id = UUID.randomUUID().toString();
    status.queued(id, "sum", "python3", 1_000);
    status.running(id, 2_000, "worker-a/0");
  }

  private LiveStatus live() {
    return status.get(id).orElseThrow();
  }

  @Test
  void the_first_test_is_written_at_once_and_the_last_is_left_to_the_final_result() {
    ProgressReporter progress = new ProgressReporter(status, id, 1, 0, 2);

    progress.testFinished(0, MessageFixtures.accepted());
    assertThat(live().tests()).hasSize(1);
    progress.testFinished(1, MessageFixtures.accepted());
    assertThat(live().tests()).hasSize(2);
    progress.testFinished(2, MessageFixtures.accepted());

    assertThat(live().tests()).hasSize(2);
    assertThat(progress.writes()).isEqualTo(2);
  }

  @Test
  void a_one_test_task_writes_no_progress() {
    ProgressReporter progress = new ProgressReporter(status, id, 1, 0, 0);

    progress.testFinished(0, MessageFixtures.accepted());

    assertThat(live().tests()).isEmpty();
    assertThat(progress.writes()).isZero();
  }

  @Test
  void a_part_of_a_split_submission_writes_each_of_its_tests() {
    ProgressReporter progress = new ProgressReporter(status, id, 1, 0, -1);

    progress.testFinished(4, MessageFixtures.accepted());

    assertThat(progress.writes()).isEqualTo(1);
  }
}
