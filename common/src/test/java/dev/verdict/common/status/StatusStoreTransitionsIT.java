package dev.verdict.common.status;

import static dev.verdict.common.submission.SubmissionBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.submission.GradingSummary;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStateMachine;
import dev.verdict.common.testing.RedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;

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

  /**
   * Every write, as of grading {@code grading}; a QUEUED write starts the grading after it (as a
   * rejudge's does), every other belongs to it.
   */
  private List<Write> writes(int grading) {
    return List.of(
        new Write("queued", SubmissionState.QUEUED, id -> status.requeued(requeued(id, grading))),
        new Write(
            "running", SubmissionState.RUNNING, id -> status.running(id, grading, 2_000, "w/0")),
        new Write(
            "testsFinished",
            SubmissionState.RUNNING,
            id -> status.testsFinished(id, grading, 0, List.of(MessageFixtures.accepted()))),
        new Write(
            "done",
            SubmissionState.DONE,
            id ->
                status.done(
                    id,
                    "p",
                    "v1",
                    "c",
                    1_000,
                    grading,
                    MessageFixtures.taskFinished().outcome(),
                    3_000)));
  }

  private List<Write> writes() {
    return writes(1);
  }

  /** Submission {@code id} as a rejudge leaves it: QUEUED in the grading after {@code grading}. */
  private static Submission requeued(String id, int grading) {
    GradingOutcome outcome = MessageFixtures.taskFinished().outcome();
    Submission submission =
        aSubmission()
            .withId(id)
            .withOwner("ada")
            .inState(SubmissionState.RUNNING)
            .inState(SubmissionState.DONE)
            .withResult(outcome)
            .build();
    for (int g = 1; ; g++) {
      submission = submission.requeue("v2", "rj_" + g, 5_000);
      if (g == grading) {
        return submission;
      }
      submission = submission.finish(g + 1, outcome, 6_000);
    }
  }

  @Test
  void every_script_changes_the_state_exactly_where_the_table_allows_it() {
    List<String> checked = new ArrayList<>();
    for (Write write : writes()) {
      for (SubmissionState from : SubmissionState.values()) {
        String id = UUID.randomUUID().toString();
        redis.client().hset(status.key(id), Map.of("state", from.name(), "grading", "1"));

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

  @Test
  void no_write_of_an_earlier_grading_changes_anything_from_any_state() {
    List<String> checked = new ArrayList<>();
    for (SubmissionState from : SubmissionState.values()) {
      String id = UUID.randomUUID().toString();
      redis.client().hset(status.key(id), Map.of("state", from.name(), "grading", "3"));
      var before = redis.client().hgetAll(status.key(id));

      for (Write write : writes(1)) {
        write.write().accept(id);
        checked.add(write.name() + " from " + from);
      }

      assertThat(redis.client().hgetAll(status.key(id))).as("from %s", from).isEqualTo(before);
    }
    assertThat(checked).hasSize(writes().size() * SubmissionState.values().length);
  }

  @Test
  void a_rejudges_queued_replaces_the_finished_grading_keeping_its_summary_and_is_announced()
      throws InterruptedException {
    String id = UUID.randomUUID().toString();
    status.queued(id, "hello", "v1", "python3", 1_000, "ada", null);
    status.done(
        id, "hello", "v1", "python3", 1_000, 1, MessageFixtures.taskFinished().outcome(), 3_000);
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    Submission requeued = requeued(id, 1);

    try (var listening = Listening.on(redis.client(), status.channel(), heard)) {
      status.requeued(requeued);
      await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
    }

    LiveStatus live = status.get(id).orElseThrow();
    assertThat(live.state()).isEqualTo(SubmissionState.QUEUED);
    assertThat(live.grading()).isEqualTo(2);
    assertThat(live.problemVersion()).isEqualTo("v2");
    assertThat(live.rejudge()).isEqualTo("rj_1");
    assertThat(live.owner()).isEqualTo("ada");
    assertThat(live.result()).isNull();
    assertThat(live.tests()).isEmpty();
    assertThat(live.gradings()).containsExactly(GradingSummary.of(requeued.gradings().getFirst()));
    assertThat(heard).containsExactly(status.key(id) + " QUEUED");

    status.requeued(requeued);
    status.queued(id, "hello", "v1", "python3", 1_000, "ada", null);
    assertThat(status.get(id).orElseThrow())
        .as("a second QUEUED of it, or the API's")
        .isEqualTo(live);
  }

  @Test
  void a_done_of_a_newer_grading_shows_whatever_the_hash_held_and_its_progress_does_not() {
    String id = UUID.randomUUID().toString();
    status.queued(id, "hello", "v1", "python3", 1_000, "ada", null);
    status.done(
        id, "hello", "v1", "python3", 1_000, 1, MessageFixtures.taskFinished().outcome(), 3_000);

    status.running(id, 2, 4_000, "w/0");
    assertThat(status.get(id).orElseThrow().state())
        .as("progress of a grading whose QUEUED never reached Redis")
        .isEqualTo(SubmissionState.DONE);

    GradingOutcome second =
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, 6, "", "dispatcher", 0, 5_000, "again");
    status.done(id, "hello", "v1", "python3", 1_000, 2, second, 5_000);

    LiveStatus live = status.get(id).orElseThrow();
    assertThat(live.grading()).isEqualTo(2);
    assertThat(live.result()).isEqualTo(second);
  }

  /** A subscription to a Redis channel on a thread of its own, collecting what it hears. */
  private static final class Listening implements AutoCloseable {
    private final JedisPubSub subscriber;
    private final Thread thread;

    private Listening(JedisPubSub subscriber, Thread thread) {
      this.subscriber = subscriber;
      this.thread = thread;
    }

    static Listening on(JedisPooled redis, String channel, List<String> heard) {
      JedisPubSub subscriber =
          new JedisPubSub() {
            @Override
            public void onMessage(String from, String message) {
              heard.add(message);
            }
          };
      Thread thread =
          Thread.ofPlatform()
              .name("status-listener")
              .start(() -> redis.subscribe(subscriber, channel));
      await().atMost(Duration.ofSeconds(5)).until(subscriber::isSubscribed);
      return new Listening(subscriber, thread);
    }

    @Override
    public void close() throws InterruptedException {
      subscriber.unsubscribe();
      thread.join(5_000);
    }
  }
}
