package dev.verdict.dispatcher.result;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.client.MongoDatabase;
import dev.verdict.common.broker.QueueConsumer;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.message.TestChunk;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the workers' final results ({@code task.finished}, from {@code {ns}.results}): the {@link
 * Finalizer} records each one (MongoDB, then Redis: DONE), and it is acknowledged once recorded;
 * one that cannot be recorded now (a store is down) goes back to the queue. Workers write RUNNING
 * and the per-test progress to Redis themselves; nothing but final results travels on this queue.
 *
 * <p>The result of a part of a split submission ({@code dispatcher.testChunkSize}) is recorded on
 * its own ({@link ChunkResults}) and acknowledged; the part that completes what decides the
 * submission's outcome finishes it ({@link ChunkedGrading}). Each part's result is recorded before
 * the parts are read, so of two parts arriving together at two dispatchers, the later one to record
 * sees both; both finishing is harmless, the state table takes one.
 */
public final class ResultCollector implements QueueConsumer.Handler<Message> {
  private static final Logger LOG = LoggerFactory.getLogger(ResultCollector.class);

  private final Finalizer finalizer;
  private final ChunkResults chunks;
  private final Timer handleTimer;

  public ResultCollector(Finalizer finalizer, MongoDatabase database, MetricRegistry metrics) {
    this.finalizer = finalizer;
    this.chunks = new ChunkResults(database, metrics);
    this.handleTimer = metrics.timer("verdict.dispatcher.result");
  }

  @Override
  public void handle(Message message, QueueConsumer.Delivery delivery) {
    try (Timer.Context ignored = handleTimer.time()) {
      if (message instanceof TaskFinished finished && finished.chunk() != null) {
        collectPart(finished);
      } else if (message instanceof TaskFinished finished) {
        finalizer.finish(finished.submissionId(), finished.grading(), finished.outcome());
      } else {
        LOG.warn(
            "Submission(id={}) unexpected {} on the results queue",
            message.submissionId(),
            message.getClass().getSimpleName());
      }
    }
    delivery.ack();
  }

  private void collectPart(TaskFinished finished) {
    TestChunk chunk = finished.chunk();
    String id = finished.submissionId();
    chunks.put(id, finished.grading(), chunk.index(), finished.outcome());
    Optional<GradingOutcome> decided =
        ChunkedGrading.decide(chunks.all(id, finished.grading(), chunk.count()), chunk);
    if (decided.isEmpty()) {
      LOG.debug("Submission(id={}) part {} of {} recorded", id, chunk.index(), chunk.count());
      return;
    }
    finalizer.finish(id, finished.grading(), decided.get());
    try {
      chunks.remove(id, finished.grading(), chunk.count());
    } catch (RuntimeException e) {
      // why: the result is recorded; the parts are only what it was made of.
      LOG.warn("Submission(id={}) parts not removed: {}", id, e.toString());
    }
  }
}
