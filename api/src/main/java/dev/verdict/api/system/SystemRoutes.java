package dev.verdict.api.system;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.verdict.api.http.QueryParameters;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionQuery;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /api/v1/system} (staff): the system at work over the last 15 minutes, from what it
 * already records. Grader slots are the consumers of the task queues (each slot consumes both, on
 * its own), and the tasks waiting in each queue, interactive and bulk, are the broker's counts;
 * queue depth, busy slots, throughput and submit-to-result latency come from the submissions' state
 * histories (created, started, done), minute by minute.
 */
public final class SystemRoutes {
  static final long WINDOW_MS = 15 * 60_000L;
  static final long MINUTE_MS = 60_000L;

  /** More submissions than this in the window are summarised from the newest ones only. */
  static final int MAX_SUBMISSIONS = 20_000;

  private final SubmissionStore submissions;
  private final Connection rabbit;
  private final Topology topology;

  /**
   * One minute of the window.
   *
   * @param at the minute's end, epoch milliseconds
   * @param queueDepth submissions waiting at its end
   * @param perMinute submissions finished in it
   */
  record Minute(long at, int queueDepth, int busy, int perMinute, long p50Ms, long p95Ms) {}

  /**
   * @param slots grader slots consuming the task queues now
   * @param finished submissions finished in the window
   * @param tasksWaiting tasks waiting in the interactive task queue now
   * @param bulkTasksWaiting tasks waiting in the bulk task queue now (a rejudge's, a batch's),
   *     whose submissions may be older than the window
   */
  record SystemView(
      int queueDepth,
      int busySlots,
      int freeSlots,
      int slots,
      int finished,
      long p50Ms,
      long p95Ms,
      List<Minute> minutes,
      long tasksWaiting,
      long bulkTasksWaiting) {}

  /** What the broker says of the task queues now. */
  record TaskQueues(int slots, long tasksWaiting, long bulkTasksWaiting) {}

  public SystemRoutes(SubmissionStore submissions, Connection rabbit, Topology topology) {
    this.submissions = submissions;
    this.rabbit = rabbit;
    this.topology = topology;
  }

  public void register(Javalin app, Handler guard) {
    app.get(
        "/api/v1/system",
        ctx -> {
          guard.handle(ctx);
          show(ctx);
        });
  }

  private void show(Context ctx) {
    QueryParameters.only(ctx);
    long now = System.currentTimeMillis();
    TaskQueues queues = taskQueues();
    List<Submission> recent =
        submissions.list(
            new SubmissionQuery(null, null, null, now - WINDOW_MS, null, null, MAX_SUBMISSIONS));
    ctx.json(summarise(recent, queues, now));
  }

  static SystemView summarise(List<Submission> recent, TaskQueues queues, long now) {
    int slots = queues.slots();
    List<Minute> minutes = new ArrayList<>();
    long start = now - WINDOW_MS;
    for (long end = start + MINUTE_MS; end <= now; end += MINUTE_MS) {
      minutes.add(minute(recent, end - MINUTE_MS, end));
    }
    Minute whole = minute(recent, start, now);
    int busy = whole.busy();
    return new SystemView(
        whole.queueDepth(),
        busy,
        Math.max(0, slots - busy),
        slots,
        whole.perMinute(),
        whole.p50Ms(),
        whole.p95Ms(),
        minutes,
        queues.tasksWaiting(),
        queues.bulkTasksWaiting());
  }

  /** What happened in {@code [from, to)}: depth and busy slots at {@code to}, finished in it. */
  private static Minute minute(List<Submission> recent, long from, long to) {
    int queued = 0;
    int busy = 0;
    List<Long> latencies = new ArrayList<>();
    for (Submission s : recent) {
      if (s.createdAt() >= to) {
        continue;
      }
      long started = at(s, SubmissionState.RUNNING);
      long done = at(s, SubmissionState.DONE);
      if (done >= 0 && done < to) {
        if (done >= from) {
          latencies.add(done - s.createdAt());
        }
      } else if (started >= 0 && started < to) {
        busy++;
      } else {
        queued++;
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new Minute(
        to, queued, busy, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95));
  }

  private static long at(Submission s, SubmissionState state) {
    for (StateChange change : s.history()) {
      if (change.state() == state) {
        return change.at();
      }
    }
    return -1;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  private TaskQueues taskQueues() {
    try (Channel channel = rabbit.createChannel()) {
      AMQP.Queue.DeclareOk tasks = channel.queueDeclarePassive(topology.tasksQueue());
      AMQP.Queue.DeclareOk bulk = channel.queueDeclarePassive(topology.bulkTasksQueue());
      // why: every slot consumes both queues; the larger count also covers a slot that is between
      // its two subscriptions while it starts or stops.
      return new TaskQueues(
          Math.max(tasks.getConsumerCount(), bulk.getConsumerCount()),
          tasks.getMessageCount(),
          bulk.getMessageCount());
    } catch (IOException | TimeoutException e) {
      throw new ServiceUnavailableException("the task queues cannot be read now; retry later", 1);
    }
  }
}
