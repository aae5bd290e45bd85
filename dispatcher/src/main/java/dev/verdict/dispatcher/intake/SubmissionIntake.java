package dev.verdict.dispatcher.intake;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.QueueConsumer;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.dispatcher.result.Finalizer;
import dev.verdict.dispatcher.result.ProblemCache;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each queued submission (from {@code {ns}.submissions}) into one grading task (the whole
 * submission: compile once, every test on one slot) and publishes it; or, with {@code
 * dispatcher.testChunkSize}, a submission with more tests into one task per part of its tests, so
 * that several slots grade it at once. The submission message is acknowledged only when the broker
 * confirmed every task, so a dispatcher crash in between republishes rather than loses it (a part
 * published twice is recorded once: {@code ResultCollector}).
 */
public final class SubmissionIntake implements QueueConsumer.Handler<SubmissionQueued> {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionIntake.class);

  private final Topology topology;
  private final MessageCodec codec;
  private final ProblemCache problems;
  private final ConfirmingPublisher publisher;
  private final Finalizer finalizer;
  private final Timer dispatchTimer;
  private final boolean bulkQueue;
  private final int testChunkSize;

  /**
   * @param bulkQueue whether rejudges go to the bulk task queue ({@code dispatcher.bulkQueue})
   * @param testChunkSize tests per task of a split submission, 0: never split ({@code
   *     dispatcher.testChunkSize})
   */
  public SubmissionIntake(
      Topology topology,
      boolean bulkQueue,
      int testChunkSize,
      MessageCodec codec,
      ProblemCache problems,
      ConfirmingPublisher publisher,
      Finalizer finalizer,
      MetricRegistry metrics) {
    this.topology = topology;
    this.bulkQueue = bulkQueue;
    this.testChunkSize = testChunkSize;
    this.codec = codec;
    this.problems = problems;
    this.publisher = publisher;
    this.finalizer = finalizer;
    this.dispatchTimer = metrics.timer("verdict.dispatcher.dispatch");
  }

  @Override
  public void handle(SubmissionQueued submission, QueueConsumer.Delivery delivery) {
    Timer.Context timing = dispatchTimer.time();
    try {
      Optional<ProblemVersion> problem =
          problems.get(submission.problemId(), submission.problemVersion());
      if (problem.isEmpty()) {
        finalizer.internalError(
            submission.submissionId(),
            submission.grading(),
            0.0,
            "problem " + submission.problemId() + "@" + submission.problemVersion() + " is gone");
        timing.stop();
        delivery.ack();
        return;
      }
      List<GradingTask> tasks = problem.get().taskFor(submission).chunks(testChunkSize);
      String queue = queueFor(submission);
      CompletableFuture<?>[] confirms = new CompletableFuture<?>[tasks.size()];
      for (int i = 0; i < tasks.size(); i++) {
        confirms[i] = publisher.publish(queue, codec.encode(tasks.get(i)), true);
      }
      // why: the acknowledgement is the callback's whole effect; nothing waits on it here.
      var unused =
          CompletableFuture.allOf(confirms)
              .whenComplete(
                  (confirmed, failure) -> {
                    timing.stop();
                    if (failure == null) {
                      delivery.ack();
                    } else {
                      LOG.error(
                          "Submission(id={}) task not confirmed; the submission goes back to the queue",
                          submission.submissionId(),
                          failure);
                      delivery.requeue();
                    }
                  });
    } catch (RuntimeException e) {
      timing.stop();
      throw e;
    }
  }

  /**
   * The task queue of {@code submission}: a rejudge's new grading (grading 2 and up) and a batch's
   * item wait in the bulk queue behind interactive submissions.
   */
  private String queueFor(SubmissionQueued submission) {
    boolean bulk = submission.grading() > 1 || Boolean.TRUE.equals(submission.bulk());
    return bulkQueue && bulk ? topology.bulkTasksQueue() : topology.tasksQueue();
  }
}
