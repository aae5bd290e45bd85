package dev.verdict.common.submission;

import static dev.verdict.common.submission.SubmissionAssert.assertThat;
import static dev.verdict.common.submission.SubmissionBuilder.aSubmission;
import static dev.verdict.common.submission.SubmissionState.DONE;
import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.testing.MongoExtension;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SubmissionStoreIT {
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private SubmissionStore store;

  @BeforeEach
  void newStore() {
    store = new SubmissionStore(mongo.database(), new MetricRegistry());
  }

  @Test
  void an_inserted_submission_is_found_as_it_was() {
    Submission submission = aSubmission().build();

    store.insert(submission);

    assertThat(store.find(submission.id())).contains(submission);
  }

  @Test
  void a_named_entry_point_survives_the_round_trip_through_mongo() {
    Submission submission = aSubmission().build().withEntryPoint("solve.py");

    store.insert(submission);

    assertThat(store.find(submission.id()))
        .hasValueSatisfying(found -> assertThat(found.entryPoint()).isEqualTo("solve.py"));
  }

  @Test
  void a_new_submission_is_stored_without_inline_file_content() {
    SourceFile inline = new SourceFile("main.py", SubmissionBuilder.MAIN_SHA, 6, "print()");
    Submission submission =
        Submission.queued("s-inline", "hello", "v1", "python3", List.of(inline), 1_000);

    store.insert(submission);

    assertThat(store.find("s-inline").orElseThrow().files())
        .containsExactly(new SourceFile("main.py", SubmissionBuilder.MAIN_SHA, 6, null));
  }

  @Test
  void an_unknown_id_is_not_found() {
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void saving_stores_the_change_and_bumps_the_version() {
    Submission queued = aSubmission().build();
    store.insert(queued);

    Submission saved = store.save(queued.transitionTo(RUNNING, 2_000));

    assertThat(saved).hasVersion(1).isIn(RUNNING);
    assertThat(store.find(queued.id()).orElseThrow())
        .isEqualTo(saved)
        .hasVersion(1)
        .hasStates(QUEUED, RUNNING);
  }

  @Test
  void each_save_bumps_the_version_again() {
    Submission queued = aSubmission().build();
    store.insert(queued);

    Submission running = store.save(queued.transitionTo(RUNNING, 2_000));
    Submission done = store.save(running.finish(MessageFixtures.taskFinished().outcome(), 3_000));

    assertThat(store.find(queued.id()).orElseThrow())
        .hasVersion(2)
        .isIn(DONE)
        .hasStates(QUEUED, RUNNING, DONE)
        .isEqualTo(done);
  }

  @Test
  void a_save_based_on_a_stale_version_is_rejected_and_changes_nothing() {
    Submission queued = aSubmission().build();
    store.insert(queued);
    Submission firstWriter = store.save(queued.transitionTo(RUNNING, 2_000));

    GradingOutcome late = MessageFixtures.taskFinished().outcome();
    assertThatThrownBy(() -> store.save(queued.finish(late, 3_000)))
        .isInstanceOf(StaleSubmissionException.class)
        .hasMessageContaining(queued.id())
        .hasMessageContaining("version 0");

    assertThat(store.find(queued.id())).contains(firstWriter);
  }

  @Test
  void saving_a_submission_that_was_never_inserted_is_rejected() {
    Submission never = aSubmission().build();

    assertThatThrownBy(() -> store.save(never)).isInstanceOf(StaleSubmissionException.class);
    assertThat(store.find(never.id())).isEmpty();
  }

  @Test
  void the_final_outcome_survives_the_round_trip_through_mongo() {
    Submission queued = aSubmission().build();
    store.insert(queued);
    GradingOutcome outcome = MessageFixtures.taskFinished().outcome();

    store.save(queued.finish(outcome, outcome.finishedAt()));

    assertThat(store.find(queued.id()).orElseThrow().result()).isEqualTo(outcome);
  }

  @Test
  void unpublished_submissions_older_than_the_cutoff_are_found_oldest_first() {
    store.insert(aSubmission().withId("new").createdAt(5_000).build());
    store.insert(aSubmission().withId("old").createdAt(1_000).build());
    store.insert(aSubmission().withId("middle").createdAt(2_000).build());
    store.insert(aSubmission().withId("published").createdAt(500).published().build());

    assertThat(store.findUnpublished(3_000, 0, 10))
        .extracting(Submission::id)
        .containsExactly("old", "middle");
    assertThat(store.findUnpublished(10_000, 0, 2))
        .extracting(Submission::id)
        .containsExactly("old", "middle");
  }

  @Test
  void marking_submissions_published_removes_them_from_the_unpublished() {
    store.insert(aSubmission().withId("a").createdAt(1_000).build());
    store.insert(aSubmission().withId("b").createdAt(1_001).build());
    store.insert(aSubmission().withId("c").createdAt(1_002).build());

    store.markPublished(List.of("a", "c"));

    assertThat(store.findUnpublished(10_000, 0, 10))
        .extracting(Submission::id)
        .containsExactly("b");
    assertThat(store.find("a").orElseThrow().published()).isTrue();
    assertThat(store.find("a").orElseThrow()).hasVersion(0);
  }

  @Test
  void marking_nothing_published_changes_nothing() {
    store.insert(aSubmission().withId("a").build());

    store.markPublished(List.of());

    assertThat(store.findUnpublished(10_000, 0, 10))
        .extracting(Submission::id)
        .containsExactly("a");
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void the_sweep_reads_only_the_outbox_not_every_stored_submission() {
    store.insert(aSubmission().withId("confirmed").createdAt(1_000).build());
    store.insert(aSubmission().withId("unconfirmed").createdAt(1_001).build());
    store.insert(aSubmission().withId("born-published").createdAt(1_002).published().build());

    store.markPublished(List.of("confirmed"));

    assertThat(outboxIds()).containsExactly("unconfirmed");
  }

  @Test
  void an_outbox_entry_whose_submission_is_missing_is_dropped_only_after_the_orphan_cutoff() {
    outbox().insertOne(new Document("_id", "never-stored").append("createdAt", 1_000L));
    store.insert(aSubmission().withId("stored").createdAt(2_000).build());

    assertThat(store.findUnpublished(10_000, 1_000, 10))
        .extracting(Submission::id)
        .containsExactly("stored");
    assertThat(outboxIds()).containsExactlyInAnyOrder("never-stored", "stored");

    assertThat(store.findUnpublished(10_000, 1_001, 10))
        .extracting(Submission::id)
        .containsExactly("stored");
    assertThat(outboxIds()).containsExactly("stored");
  }

  @Test
  void an_outbox_entry_left_behind_by_a_recorded_confirmation_is_dropped_not_republished() {
    store.insert(aSubmission().withId("a").createdAt(1_000).build());
    mongo
        .database()
        .getCollection("submissions")
        .updateOne(new Document("_id", "a"), new Document("$set", new Document("published", true)));

    assertThat(store.findUnpublished(10_000, 0, 10)).isEmpty();
    assertThat(outboxIds()).isEmpty();
  }

  @Test
  void a_submission_that_cannot_be_stored_leaves_no_outbox_entry() {
    store.insert(aSubmission().withId("a").createdAt(1_000).published().build());

    assertThatThrownBy(() -> store.insert(aSubmission().withId("a").createdAt(2_000).build()))
        .isInstanceOf(RuntimeException.class);

    assertThat(outboxIds()).isEmpty();
    assertThat(store.find("a").orElseThrow().published()).isTrue();
  }

  private com.mongodb.client.MongoCollection<Document> outbox() {
    return mongo.database().getCollection("submission_outbox");
  }

  private List<String> outboxIds() {
    List<String> ids = new java.util.ArrayList<>();
    for (Document entry : outbox().find()) {
      ids.add(entry.getString("_id"));
    }
    return ids;
  }
}
