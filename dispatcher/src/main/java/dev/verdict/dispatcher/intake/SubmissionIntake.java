package dev.verdict.dispatcher.intake;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.verdict.common.broker.Acks;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.codec.MessageCodecException;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.dispatcher.result.Finalizer;
import dev.verdict.dispatcher.result.ProblemCache;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each queued submission into one grading task (the whole submission: compile once, every
 * test on one slot) and publishes it. The submission message is acknowledged only when the broker
 * confirmed the task, so a dispatcher crash in between republishes rather than loses it.
 */
public final class SubmissionIntake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionIntake.class);

  private final Channel channel;
  private final Topology topology;
  private final MessageCodec codec;
  private final ProblemCache problems;
  private final ConfirmingPublisher publisher;
  private final Finalizer finalizer;
  private final Timer dispatchTimer;
  private final String consumerTag;

  public SubmissionIntake(
      Connection connection,
      Topology topology,
      int prefetch,
      MessageCodec codec,
      ProblemCache problems,
      ConfirmingPublisher publisher,
      Finalizer finalizer,
      MetricRegistry metrics)
      throws IOException {
    this.channel = connection.createChannel();
    this.topology = topology;
    this.codec = codec;
    this.problems = problems;
    this.publisher = publisher;
    this.finalizer = finalizer;
    this.dispatchTimer = metrics.timer("verdict.dispatcher.dispatch");
    channel.basicQos(prefetch);
    this.consumerTag =
        channel.basicConsume(
            topology.submissionsQueue(),
            false,
            new DefaultConsumer(channel) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                handle(envelope.getDeliveryTag(), body);
              }
            });
  }

  private void handle(long tag, byte[] body) {
    SubmissionQueued submission;
    try {
      submission = codec.decode(body, SubmissionQueued.class);
    } catch (MessageCodecException e) {
      LOG.error(
          "An unreadable submission message goes to the dead-letter queue: {}", e.getMessage());
      Acks.reject(channel, tag);
      return;
    }
    Timer.Context timing = dispatchTimer.time();
    try {
      Optional<ProblemVersion> problem =
          problems.get(submission.problemId(), submission.problemVersion());
      if (problem.isEmpty()) {
        finalizer.internalError(
            submission.submissionId(),
            0,
            "problem " + submission.problemId() + "@" + submission.problemVersion() + " is gone");
        Acks.ack(channel, tag);
        return;
      }
      GradingTask task = problem.get().taskFor(submission);
      // why: the acknowledgement is the callback's whole effect; nothing waits on it here.
      var unused =
          publisher
              .publish(topology.tasksQueue(), codec.encode(task), true)
              .whenComplete(
                  (confirmed, failure) -> {
                    timing.stop();
                    if (failure == null) {
                      Acks.ack(channel, tag);
                    } else {
                      LOG.error(
                          "Submission(id={}) task not confirmed; the submission goes back to the queue",
                          submission.submissionId(),
                          failure);
                      Acks.requeue(channel, tag);
                    }
                  });
    } catch (RuntimeException e) {
      timing.stop();
      LOG.error(
          "Submission(id={}) could not be dispatched; it goes back to the queue",
          submission.submissionId(),
          e);
      Acks.requeue(channel, tag);
    }
  }

  @Override
  public void close() {
    Acks.cancelAndClose(channel, consumerTag);
  }
}
