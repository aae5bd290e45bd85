package dev.verdict.common.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStateMachine;
import dev.verdict.common.testing.RedisExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each Lua script of the live status, run on real Redis from every state (and from none), changes
 * the state exactly where {@link SubmissionStateMachine} allows it, and leaves it alone elsewhere.
 */
class StatusStoreTransitionsIT {
  @RegisterExtension static final RedisExtension redis = RedisExtension.perClass();
  private StatusStore status;

  /** One of the store's writes, and the state it moves a submission to. */
  private record Write(String name, SubmissionState to, Consumer<String> write) {}

  @BeforeEach
  void newStore() {
    status = new StatusStore(redis.client(), redis.namespace(), 600, new MetricRegistry());
  }

  private List<Write> writes() {
    return List.of(
        new Write("queued", SubmissionState.QUEUED, id -> status.queued(id, "p", "c", 1_000)),
        new Write("running", SubmissionState.RUNNING, id -> status.running(id, 2_000, "w/0")),
        new Write(
            "testsFinished",
            SubmissionState.RUNNING,
            id -> status.testFinished(id, 0, MessageFixtures.accepted())),
        new Write(
            "done",
            SubmissionState.DONE,
            id ->
                status.done(id, "p", "c", 1_000, MessageFixtures.taskFinished().outcome(), 3_000)));
  }

  @Test
  void every_script_changes_the_state_exactly_where_the_table_allows_it() {
    List<String> checked = new ArrayList<>();
    for (Write write : writes()) {
      for (SubmissionState from : SubmissionState.values()) {
        String id = UUID.randomUUID().toString();
        redis.client().hset(status.key(id), "state", from.name());

        write.write().accept(id);

        SubmissionState after = status.get(id).orElseThrow().state();
        boolean allowed = SubmissionStateMachine.allowed(from, write.to());
        assertThat(after)
            .as("%s from %s (the table %s it)", write.name(), from, allowed ? "allows" : "forbids")
            .isEqualTo(allowed ? write.to() : from);
        checked.add(write.name() + " from " + from);
      }
    }
    assertThat(checked).hasSize(writes().size() * SubmissionState.values().length);
  }

  @Test
  void every_script_writes_a_submission_that_has_no_state_yet() {
    for (Write write : writes()) {
      String id = UUID.randomUUID().toString();

      write.write().accept(id);

      assertThat(status.get(id).orElseThrow().state()).as(write.name()).isEqualTo(write.to());
    }
  }

  @Test
  void a_refused_write_leaves_every_field_as_it_was() {
    String id = UUID.randomUUID().toString();
    // why: other values than the writes below use, so a write let through shows in any field.
    status.queued(id, "sum", "python3", 500);
    status.done(id, "sum", "python3", 500, MessageFixtures.taskFinished().outcome(), 9_000);
    var before = redis.client().hgetAll(status.key(id));

    for (Write write : writes()) {
      if (!SubmissionStateMachine.allowed(SubmissionState.DONE, write.to())) {
        write.write().accept(id);
      }
    }

    assertThat(redis.client().hgetAll(status.key(id))).isEqualTo(before);
  }
}
