package dev.verdict.dispatcher.rejudge;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.DispatcherRejudgeConfig;
import dev.verdict.common.rejudge.Rejudge;
import dev.verdict.common.rejudge.RejudgeStore;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionQuery;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rejudges, one at a time, on a thread of its own: claims the oldest one no dispatcher works
 * on ({@link RejudgeStore#claim}) and walks its selection a page at a time. Each DONE submission of
 * a page gets a new grading ({@link SubmissionStore#requeue}: MongoDB, with its outbox entry), its
 * live status ({@link StatusStore#requeued}) and its {@code submission.queued} message, published
 * with a confirm; then the page's progress and a renewed lease are recorded in one write.
 *
 * <p>Why a rejudge of any size is cheap to hold: it reads one page at a time by position (no server
 * cursor, one page in memory); it queues at most {@code dispatcher.rejudge.perSecond} gradings a
 * second; and it waits whenever {@code dispatcher.rejudge.maxInFlight} of its gradings are queued
 * but not finished, so the queues hold a bounded part of it and new submissions never find
 * thousands of its tasks ahead of them in the broker's memory.
 *
 * <p>A dispatcher that stops mid-way loses nothing: the next claim of the rejudge (after its lease
 * expires) starts again at the last recorded page; a submission of that page already given a new
 * grading by this rejudge is counted, not graded again; one whose message was never confirmed is
 * published by the outbox sweeper.
 */
public final class RejudgeRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RejudgeRunner.class);

  private final RejudgeStore rejudges;
  private final SubmissionStore submissions;
  private final StatusStore status;
  private final ConfirmingPublisher publisher;
  private final Topology topology;
  private final MessageCodec codec;
  private final DispatcherRejudgeConfig config;
  private final String owner;
  private final Meter requeued;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;
  private long nextRequeueNanos = System.nanoTime();

  public RejudgeRunner(
      RejudgeStore rejudges,
      SubmissionStore submissions,
      StatusStore status,
      ConfirmingPublisher publisher,
      Topology topology,
      MessageCodec codec,
      DispatcherRejudgeConfig config,
      String owner,
      MetricRegistry metrics) {
    this.rejudges = rejudges;
    this.submissions = submissions;
    this.status = status;
    this.publisher = publisher;
    this.topology = topology;
    this.codec = codec;
    this.config = config;
    this.owner = owner;
    this.requeued = metrics.meter("verdict.dispatcher.rejudge.requeued");
    this.thread = Thread.ofPlatform().name("rejudge-runner").unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    while (stopping.getCount() > 0) {
      Optional<Rejudge> claimed = Optional.empty();
      try {
        claimed = rejudges.claim(owner, System.currentTimeMillis(), config.leaseMs());
        if (claimed.isPresent()) {
          run(claimed.get());
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "Rejudge(id={}) stopped by a store or broker failure; it is taken up again once its"
                + " lease expires: {}",
            claimed.map(Rejudge::id).orElse("-"),
            e.toString());
      }
      if (claimed.isEmpty() && pause(config.pollMs())) {
        return;
      }
    }
  }

  /** Walks {@code rejudge}'s selection from where it got to, until it ends or the lease is lost. */
  private void run(Rejudge rejudge) {
    LOG.info(
        "Rejudge(id={}) running from {} selected ({} requeued, {} finished)",
        rejudge.id(),
        rejudge.selected(),
        rejudge.requeued(),
        rejudge.finished());
    int pageSize = Math.min(config.pageSize(), config.maxInFlight());
    Rejudge current = rejudge;
    while (stopping.getCount() > 0) {
      while (current.requeued() - current.finished() + pageSize > config.maxInFlight()) {
        if (pause(Math.min(200, config.pollMs()))) {
          return;
        }
        Optional<Rejudge> renewed =
            rejudges.renew(current.id(), owner, System.currentTimeMillis() + config.leaseMs());
        if (renewed.isEmpty()) {
          LOG.warn("Rejudge(id={}) was taken over by another dispatcher", current.id());
          return;
        }
        current = renewed.get();
      }
      Selected page = next(current, pageSize);
      Optional<RejudgeStore.Page> handled = requeue(current, page);
      if (handled.isEmpty()) {
        return;
      }
      RejudgeStore.Page done = handled.get();
      long now = System.currentTimeMillis();
      Optional<Rejudge> advanced =
          rejudges.advance(current.id(), owner, done, page.last(), now + config.leaseMs(), now);
      if (advanced.isEmpty()) {
        LOG.warn("Rejudge(id={}) was taken over by another dispatcher", current.id());
        return;
      }
      current = advanced.get();
      if (page.last()) {
        LOG.info(
            "Rejudge(id={}) queued {} new gradings of {} selected submissions ({} skipped)",
            current.id(),
            current.requeued(),
            current.selected(),
            current.skipped());
        return;
      }
    }
  }

  /**
   * One page of a rejudge's selection: the submissions found, in order, and how many listed ids
   * were not found.
   */
  private record Selected(
      List<Submission> found,
      int missing,
      int afterIndex,
      SubmissionQuery.Position after,
      boolean last) {}

  private Selected next(Rejudge rejudge, int pageSize) {
    if (rejudge.ids() != null) {
      int from = rejudge.afterIndex();
      int to = Math.min(rejudge.ids().size(), from + pageSize);
      List<String> ids = rejudge.ids().subList(from, to);
      Map<String, Submission> byId = new HashMap<>();
      for (Submission found : submissions.findAll(ids)) {
        byId.put(found.id(), found);
      }
      List<Submission> found = new ArrayList<>();
      for (String id : ids) {
        if (byId.containsKey(id)) {
          found.add(byId.get(id));
        }
      }
      return new Selected(found, ids.size() - found.size(), to, null, to >= rejudge.ids().size());
    }
    List<Submission> found = submissions.page(rejudge.selection(), rejudge.after(), pageSize);
    SubmissionQuery.Position after =
        found.isEmpty()
            ? rejudge.after()
            : new SubmissionQuery.Position(found.getLast().createdAt(), found.getLast().id());
    return new Selected(found, 0, 0, after, found.size() < pageSize);
  }

  /**
   * Gives each DONE submission of {@code page} a new grading and publishes it.
   *
   * @return what was done, or empty when the runner stopped before the end of the page
   */
  private Optional<RejudgeStore.Page> requeue(Rejudge rejudge, Selected page) {
    boolean cut = false;
    long requeuedNow = 0;
    long skipped = page.missing();
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<Void>> confirms = new ArrayList<>();
    for (Submission submission : page.found()) {
      if (rejudge.id().equals(submission.rejudge())) {
        // why: this rejudge queued it before its dispatcher stopped, after the last recorded page.
        requeuedNow++;
        continue;
      }
      if (submission.state() != SubmissionState.DONE) {
        skipped++;
        continue;
      }
      if (pace()) {
        cut = true;
        break;
      }
      Optional<Submission> next =
          submissions.requeue(
              submission.id(),
              rejudge.versionFor(submission.problemId()),
              rejudge.id(),
              System.currentTimeMillis());
      if (next.isEmpty()) {
        skipped++;
        continue;
      }
      requeuedNow++;
      requeued.mark();
      Submission queued = next.get();
      try {
        status.requeued(queued);
      } catch (RuntimeException e) {
        // why: Redis is the live view; the new grading's DONE replaces whatever it shows.
        LOG.warn(
            "Submission(id={}) requeued, but its live status could not be set: {}",
            queued.id(),
            e.toString());
      }
      ids.add(queued.id());
      confirms.add(
          publisher.publish(
              topology.submissionsQueue(), codec.encode(queued.queuedMessage()), true));
    }
    List<String> published = new ArrayList<>();
    for (int i = 0; i < confirms.size(); i++) {
      try {
        publisher.await(confirms.get(i), "Submission(id=" + ids.get(i) + ")");
        published.add(ids.get(i));
      } catch (RuntimeException e) {
        LOG.warn(
            "Submission(id={}) requeued but not yet published ({}); the outbox sweeper will"
                + " publish it",
            ids.get(i),
            e.toString());
      }
    }
    submissions.markPublished(published);
    if (cut) {
      return Optional.empty();
    }
    return Optional.of(
        new RejudgeStore.Page(
            page.afterIndex(),
            page.after(),
            page.found().size() + page.missing(),
            requeuedNow,
            skipped));
  }

  /**
   * Waits for the next requeue's turn under {@code dispatcher.rejudge.perSecond}.
   *
   * @return true when the runner is stopping
   */
  private boolean pace() {
    long now = System.nanoTime();
    long wait = nextRequeueNanos - now;
    nextRequeueNanos = Math.max(nextRequeueNanos, now) + 1_000_000_000L / config.perSecond();
    if (wait <= 0) {
      return stopping.getCount() == 0;
    }
    try {
      return stopping.await(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * @return true when the runner is stopping
   */
  private boolean pause(long millis) {
    try {
      return stopping.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * Stops after the submission in hand: a page cut short is not recorded, so the next claim starts
   * at it again and counts what this one queued of it.
   */
  @Override
  public void close() {
    stopping.countDown();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
