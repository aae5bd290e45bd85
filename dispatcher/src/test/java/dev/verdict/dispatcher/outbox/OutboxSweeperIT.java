package dev.verdict.dispatcher.outbox;

import static dev.verdict.common.submission.SubmissionBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sweeper publishes a stored but unpublished submission once it is older than the grace period,
 * exactly once, and leaves a younger one to the API that is still publishing it.
 */
class OutboxSweeperIT {
  private static final long GRACE_MS = 60_000;

  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private final MessageCodec codec = new MessageCodec();
  private SubmissionStore submissions;
  private ConfirmingPublisher publisher;
  private Topology topology;
  private OutboxSweeper sweeper;

  @BeforeEach
  void start() {
    topology = services.rabbit().topology();
    topology.declare(services.rabbit().connection(), 3);
    submissions = new SubmissionStore(services.mongo().database(), new MetricRegistry());
    publisher = new ConfirmingPublisher(services.rabbit().connection(), Duration.ofSeconds(10));
    // why: an interval of an hour keeps the scheduled sweep out of the way of the test's own.
    sweeper =
        new OutboxSweeper(
            submissions, publisher, topology, codec, 3_600_000, GRACE_MS, new MetricRegistry());
  }

  @AfterEach
  void stop() {
    sweeper.close();
    publisher.close();
  }

  @Test
  void an_unpublished_submission_older_than_the_grace_is_published_once_a_younger_one_not_at_all()
      throws Exception {
    long now = System.currentTimeMillis();
    String young = "0190a000-0000-7000-8000-00000000a001";
    String old = "0190a000-0000-7000-8000-00000000a002";
    submissions.insert(aSubmission().withId(young).createdAt(now - GRACE_MS / 2).build());
    submissions.insert(aSubmission().withId(old).createdAt(now - GRACE_MS - 5_000).build());

    int first = sweeper.sweep();
    int second = sweeper.sweep();

    assertThat(first).isEqualTo(1);
    assertThat(second).isZero();
    assertThat(services.rabbit().messageCount(topology.submissionsQueue())).isEqualTo(1);
    try (Channel channel = services.rabbit().channel()) {
      GetResponse published = channel.basicGet(topology.submissionsQueue(), true);
      assertThat(((SubmissionQueued) codec.decode(published.getBody())).submissionId())
          .isEqualTo(old);
    }
    assertThat(submissions.find(old).orElseThrow().published()).isTrue();
    assertThat(submissions.find(young).orElseThrow().published()).isFalse();
  }

  @Test
  void a_batch_item_the_sweeper_publishes_stays_bulk_work_and_an_interactive_one_does_not()
      throws Exception {
    long old = System.currentTimeMillis() - GRACE_MS - 5_000;
    String batchItem = "0190a000-0000-7000-8000-00000000b001";
    String interactive = "0190a000-0000-7000-8000-00000000b002";
    submissions.insert(aSubmission().withId(batchItem).createdAt(old).build().withBulk(true));
    submissions.insert(aSubmission().withId(interactive).createdAt(old + 1).build());

    assertThat(sweeper.sweep()).isEqualTo(2);

    Map<String, Boolean> bulk = new HashMap<>();
    try (Channel channel = services.rabbit().channel()) {
      for (int i = 0; i < 2; i++) {
        GetResponse published = channel.basicGet(topology.submissionsQueue(), true);
        SubmissionQueued message = (SubmissionQueued) codec.decode(published.getBody());
        bulk.put(message.submissionId(), Boolean.TRUE.equals(message.bulk()));
      }
    }
    assertThat(bulk).containsOnly(Map.entry(batchItem, true), Map.entry(interactive, false));
  }
}
