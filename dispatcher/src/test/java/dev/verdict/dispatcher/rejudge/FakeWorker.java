package dev.verdict.dispatcher.rejudge;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DeliverCallback;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.testing.RabbitExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

/**
 * Stands in for the grader workers: consumes the task queue and answers every task at once with an
 * ACCEPTED result of the task's grading, as a slot would (result published, then the task acked).
 */
final class FakeWorker implements AutoCloseable {
  final Queue<GradingTask> graded = new ConcurrentLinkedQueue<>();
  private final Channel channel;

  private FakeWorker(Channel channel) {
    this.channel = channel;
  }

  static FakeWorker start(RabbitExtension rabbit) {
    Topology topology = rabbit.topology();
    MessageCodec codec = new MessageCodec();
    Channel channel = rabbit.channel();
    FakeWorker worker = new FakeWorker(channel);
    try {
      channel.basicQos(50);
      DeliverCallback grade =
          (tag, delivery) -> {
            GradingTask task = codec.decode(delivery.getBody(), GradingTask.class);
            long now = System.currentTimeMillis();
            GradingOutcome outcome =
                GradingOutcome.fromTests(
                    List.of(
                        new TestResult(
                            "sample/1", Verdict.ACCEPTED, 1, 1, 2, 1_024, 0, null, null)),
                    1,
                    "",
                    "fake-worker",
                    now,
                    now);
            channel.basicPublish(
                "",
                topology.resultsQueue(),
                new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                codec.encode(
                    new TaskFinished(
                        TaskFinished.VERSION, task.submissionId(), outcome, task.grading())));
            worker.graded.add(task);
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
          };
      // why: a rejudge's tasks go to the bulk queue; new submissions to the interactive one.
      for (String queue : List.of(topology.tasksQueue(), topology.bulkTasksQueue())) {
        channel.basicConsume(queue, false, grade, tag -> {});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return worker;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException | TimeoutException e) {
      // why: the extension closes the connection, and the channel with it, anyway.
    }
  }
}
