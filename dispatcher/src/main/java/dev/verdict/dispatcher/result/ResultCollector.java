package dev.verdict.dispatcher.result;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.verdict.common.broker.QueueConsumer;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.TaskFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the workers' final results ({@code task.finished}, from {@code {ns}.results}): the {@link
 * Finalizer} records each one (MongoDB, then Redis: DONE), and it is acknowledged once recorded;
 * one that cannot be recorded now (a store is down) goes back to the queue. Workers write RUNNING
 * and the per-test progress to Redis themselves; nothing but final results travels on this queue.
 */
public final class ResultCollector implements QueueConsumer.Handler<Message> {
  private static final Logger LOG = LoggerFactory.getLogger(ResultCollector.class);

  private final Finalizer finalizer;
  private final Timer handleTimer;

  public ResultCollector(Finalizer finalizer, MetricRegistry metrics) {
    this.finalizer = finalizer;
    this.handleTimer = metrics.timer("verdict.dispatcher.result");
  }

  @Override
  public void handle(Message message, QueueConsumer.Delivery delivery) {
    try (Timer.Context ignored = handleTimer.time()) {
      if (message instanceof TaskFinished finished) {
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
}
