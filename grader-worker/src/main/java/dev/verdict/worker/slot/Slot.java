package dev.verdict.worker.slot;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.verdict.common.broker.Acks;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.codec.MessageCodecException;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.status.StatusStore;
import dev.verdict.worker.grading.Grader;
import dev.verdict.worker.grading.TaskCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One grading slot: a channel consuming the task queue with its own prefetch, and one thread that
 * grades the slot's tasks one at a time on the slot's core.
 *
 * <p>A task is acknowledged only after its final result is confirmed by the broker, so a worker
 * that dies mid-task loses nothing: the broker redelivers the task. The slot does not wait for that
 * confirm: it goes on with its next task (already delivered when the prefetch is above 1) and the
 * acknowledgement follows the confirm, so the broker round trip costs the core no idle time. A task
 * that cannot even be decoded, or whose ids and names the worker refuses ({@link TaskCheck}), is
 * rejected straight to the dead-letter queue. A task whose grading fails inside the grader is
 * returned to the queue; the queue's delivery limit dead-letters it if it keeps failing.
 */
public final class Slot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Slot.class);

  private final int index;
  private final int core;
  private final Connection connection;
  private final Topology topology;
  private final int prefetch;
  private final Grader grader;
  private final ConfirmingPublisher publisher;
  private final MessageCodec codec;
  private final String workerId;
  private final long progressIntervalMillis;
  private final StatusStore status;
  private final StartRecorder starts;
  private final TaskLanes deliveries;
  private final Timer gradeTimer;
  private final Timer queueWait;
  private final Meter failures;
  private final Counter busyMillis;
  private volatile boolean busy;
  private volatile Channel channel;
  private volatile String consumerTag;
  private volatile String bulkConsumerTag;
  // why: set on the connection's thread when the broker closes the slot's channel (a consumer
  // timeout, say); the slot's own thread opens the next one, since opening a channel waits for a
  // reply that the connection's thread would have to read.
  private final AtomicBoolean closedByBroker = new AtomicBoolean();
  private Thread thread;
  private volatile boolean stopping;
  // why: counts tasks whose result is published but not yet confirmed, so stopping can wait for
  // their acknowledgements before closing the channel (else the broker would redeliver them).
  private final Phaser unconfirmed = new Phaser(1);
  private final AtomicBoolean confirmsAwaited = new AtomicBoolean();

  public Slot(
      int index,
      int core,
      Connection connection,
      Topology topology,
      int prefetch,
      Grader grader,
      ConfirmingPublisher publisher,
      MessageCodec codec,
      String workerId,
      long progressIntervalMillis,
      StatusStore status,
      StartRecorder starts,
      int bulkEvery,
      MetricRegistry metrics) {
    this.deliveries = new TaskLanes(bulkEvery);
    this.index = index;
    this.core = core;
    this.connection = connection;
    this.topology = topology;
    this.prefetch = prefetch;
    this.grader = grader;
    this.publisher = publisher;
    this.codec = codec;
    this.workerId = workerId;
    this.progressIntervalMillis = progressIntervalMillis;
    this.status = status;
    this.starts = starts;
    this.gradeTimer = metrics.timer("verdict.worker.task");
    this.queueWait = metrics.timer("verdict.worker.queue-wait");
    this.failures = metrics.meter("verdict.worker.task-failures");
    // why: a counter, not a ratio, so any scrape interval gives utilisation as its rate.
    this.busyMillis = metrics.counter("verdict.worker.slot." + core + ".busy-ms");
  }

  public int core() {
    return core;
  }

  /** Whether the slot is grading a task right now. */
  public boolean busy() {
    return busy;
  }

  /** Whether the slot's thread still runs. */
  public boolean alive() {
    return thread != null && thread.isAlive();
  }

  public void start() throws IOException {
    openChannel();
    thread = Thread.ofPlatform().name("slot-" + index + "-core-" + core).start(this::loop);
  }

  /** Opens the slot's channel and consumes both task queues on it. */
  private void openChannel() throws IOException {
    Channel opened = connection.createChannel();
    opened.addShutdownListener(
        cause -> {
          // why: a connection's loss (a hard error) is repaired by the client's automatic
          // recovery, channel included; a channel the broker closed on its own is not.
          if (!cause.isHardError() && !cause.isInitiatedByApplication() && !stopping) {
            closedByBroker.set(true);
          }
        });
    opened.basicQos(prefetch);
    channel = opened;
    consumerTag =
        consume(opened, topology.tasksQueue(), "verdict-slot-", deliveries::addInteractive);
    // why: one bulk task at a time per slot (a per-consumer prefetch), so a slot busy with
    // interactive work holds back at most one task another slot could have started.
    opened.basicQos(1);
    bulkConsumerTag =
        consume(opened, topology.bulkTasksQueue(), "verdict-slot-bulk-", deliveries::addBulk);
  }

  /**
   * After the broker closed the slot's channel: every task of it not acknowledged is back in its
   * queue, so those still waiting here are dropped, and a new channel consumes again. The task in
   * hand, if any, is finished; its result is published and the dispatcher keeps whichever result of
   * it comes first. Retried on the next turn of the loop while the broker cannot be reached.
   */
  private void reopen() {
    Channel closed = channel;
    deliveries.clear();
    try {
      openChannel();
      closedByBroker.set(false);
      LOG.warn(
          "Slot(core={}) had its channel closed by the broker ({}); its tasks not acknowledged"
              + " went back to the queue; consuming again on a new channel",
          core,
          closed.getCloseReason() == null ? "no reason" : closed.getCloseReason().getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.debug("Slot(core={}) cannot open a new channel yet: {}", core, e.toString());
    }
  }

  private String consume(Channel on, String queue, String tagPrefix, Consumer<Delivery> lane)
      throws IOException {
    return on.basicConsume(
        queue,
        false,
        tagPrefix + workerId + "-" + index,
        new DefaultConsumer(on) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            lane.accept(new Delivery(envelope, properties, body));
          }
        });
  }

  /** The interactive queue's next task, if one is there now (one round trip to the broker). */
  private Optional<Delivery> pollInteractive() throws IOException {
    GetResponse got = channel.basicGet(topology.tasksQueue(), false);
    return got == null
        ? Optional.empty()
        : Optional.of(new Delivery(got.getEnvelope(), got.getProps(), got.getBody()));
  }

  private void loop() {
    while (!stopping || !deliveries.isEmpty()) {
      if (!stopping && closedByBroker.get()) {
        reopen();
      }
      Delivery delivery;
      try {
        delivery =
            deliveries.next(
                100, TimeUnit.MILLISECONDS, stopping ? Optional::empty : this::pollInteractive);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("Slot(core={}) could not ask the task queue: {}", core, e.toString());
        continue;
      }
      if (delivery != null) {
        if (stopping) {
          // why: not started yet; giving it back lets another slot take it right away.
          Acks.requeue(channel, delivery.getEnvelope().getDeliveryTag());
        } else {
          handle(delivery);
        }
      }
    }
  }

  private void handle(Delivery delivery) {
    // why: the channel it came on, which settles it even if a new one replaces it meanwhile (a
    // delivery tag means nothing on another channel, and the broker closes a channel that uses
    // one).
    Channel from = channel;
    long tag = delivery.getEnvelope().getDeliveryTag();
    GradingTask task;
    try {
      task = codec.decode(delivery.getBody(), GradingTask.class);
    } catch (MessageCodecException e) {
      LOG.error(
          "Slot(core={}) rejects an unreadable task to the dead-letter queue: {}",
          core,
          e.getMessage());
      Acks.reject(from, tag);
      return;
    }
    String invalid = TaskCheck.problem(task);
    if (invalid != null) {
      // why: a task the API would never have published (ids and names that could reach outside
      // the work directory); no retry can help, and nothing of it may reach the disk or Redis.
      LOG.error(
          "Slot(core={}) rejects a malformed task to the dead-letter queue: {}", core, invalid);
      Acks.reject(from, tag);
      return;
    }
    MDC.put("submission", task.submissionId());
    busy = true;
    long busySince = System.nanoTime();
    try (Timer.Context ignored = gradeTimer.time()) {
      queueWait.update(
          Math.max(0, System.currentTimeMillis() - task.queuedAt()), TimeUnit.MILLISECONDS);
      String results = topology.resultsQueue();
      StartRecorder.Pending start = started(task.submissionId(), task.grading());
      // why: a part of a split submission numbers its tests from its own first one; the live
      // status numbers them among all the submission's tests.
      int first = task.firstTest();
      // why: a whole submission's last test is in its final result, which follows at once; a
      // part's final result is only recorded, so each of its tests is written as it finishes.
      int last = task.chunk() == null ? task.tests().size() - 1 : -1;
      ProgressReporter progress =
          new ProgressReporter(
              status, task.submissionId(), task.grading(), progressIntervalMillis, last);
      GradingOutcome outcome;
      try {
        outcome = grader.grade(task, (i, result) -> progress.testFinished(first + i, result));
      } finally {
        start.cancel();
      }
      acknowledgeWhenConfirmed(
          task.submissionId(),
          from,
          delivery,
          publisher.publishConfirmed(
              results,
              codec.encode(
                  new TaskFinished(
                      TaskFinished.VERSION,
                      task.submissionId(),
                      outcome,
                      task.grading(),
                      task.chunk()))));
      LOG.info(
          "Submission(id={}) graded on core {}: {} {}/{}",
          task.submissionId(),
          core,
          outcome.verdict(),
          outcome.score(),
          outcome.maxScore());
    } catch (RuntimeException e) {
      failures.mark();
      LOG.error(
          "Submission(id={}) grading failed on core {}; returning the task to the queue",
          task.submissionId(),
          core,
          e);
      Acks.requeue(from, tag);
    } finally {
      busy = false;
      busyMillis.inc((System.nanoTime() - busySince) / 1_000_000);
      MDC.remove("submission");
    }
  }

  /**
   * Acknowledges the task once its result is confirmed, or returns it to the queue if the broker
   * refused the result or did not confirm it in time; runs on the thread that settles the confirm.
   */
  private void acknowledgeWhenConfirmed(
      String submissionId, Channel from, Delivery delivery, CompletableFuture<Void> confirmed) {
    unconfirmed.register();
    var unused =
        confirmed.whenComplete(
            (ok, failure) -> {
              try {
                if (failure == null) {
                  Acks.ack(from, delivery.getEnvelope().getDeliveryTag());
                } else {
                  failures.mark();
                  LOG.error(
                      "Submission(id={}) result not confirmed on core {}; returning the task to"
                          + " the queue: {}",
                      submissionId,
                      core,
                      failure.toString());
                  Acks.requeue(from, delivery.getEnvelope().getDeliveryTag());
                }
              } finally {
                unconfirmed.arriveAndDeregister();
              }
            });
  }

  /**
   * Marks the submission RUNNING, in the live status at once and in MongoDB off this thread if the
   * grading is still going after a while ({@link StartRecorder}); a failure of either costs that
   * record only. The slot owns RUNNING and the per-test progress (the API writes QUEUED, the
   * dispatcher DONE): it is the first to know, and writing directly spares a message through the
   * broker.
   */
  private StartRecorder.Pending started(String submissionId, int grading) {
    long now = System.currentTimeMillis();
    try {
      status.running(submissionId, grading, now, workerId + "/" + index);
    } catch (RuntimeException e) {
      LOG.debug("Submission(id={}) not marked running: {}", submissionId, e.toString());
    }
    return starts.started(submissionId, grading, now);
  }

  /**
   * Stops taking tasks, lets the task in hand finish until {@code deadline}, then interrupts it.
   * The order matters: cancelling the consumer first means no new task arrives while we wait;
   * closing the channel last returns every task not acknowledged to the queue.
   */
  public void stop(Duration deadline) {
    stopping = true;
    try {
      if (channel != null && channel.isOpen() && consumerTag != null) {
        channel.basicCancel(consumerTag);
      }
      if (channel != null && channel.isOpen() && bulkConsumerTag != null) {
        channel.basicCancel(bulkConsumerTag);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Slot(core={}) could not cancel its consumer: {}", core, e.toString());
    }
    if (thread != null) {
      try {
        if (!thread.join(deadline)) {
          thread.interrupt();
          thread.join(Duration.ofSeconds(5));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    awaitConfirms();
    try {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      LOG.debug("Slot(core={}) channel close: {}", core, e.toString());
    }
  }

  /**
   * Waits (at most 10 s) until every published result is confirmed and its task acknowledged: that
   * spares the broker redelivering tasks whose results it already has. Only the first call waits.
   */
  private void awaitConfirms() {
    if (!confirmsAwaited.compareAndSet(false, true)) {
      return;
    }
    try {
      unconfirmed.awaitAdvanceInterruptibly(
          unconfirmed.arriveAndDeregister(), 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("Slot(core={}) stops with results still unconfirmed; their tasks come back", core);
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
