package dev.verdict.loadgen.run;

import dev.verdict.common.message.Verdict;
import dev.verdict.loadgen.client.PollResult;
import dev.verdict.loadgen.client.PollSettings;
import dev.verdict.loadgen.client.StatusView;
import dev.verdict.loadgen.client.SubmitResult;
import dev.verdict.loadgen.client.VerdictClient;
import dev.verdict.loadgen.run.SubmissionSample.Outcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Takes one submission through its life: POST, then status GETs on an adaptive schedule until DONE
 * or the timeout, measuring each stage. Thread-safe; each call runs on its caller's thread.
 */
final class SubmissionDriver {
  private final VerdictClient client;
  private final PollSettings polling;
  private final long timeoutNanos;
  private final long runStartNanos;
  private final boolean follow;

  /**
   * @param follow whether to follow each accepted submission until DONE; if not, a submission's
   *     sample ends at its 202
   */
  SubmissionDriver(
      VerdictClient client,
      PollSettings polling,
      Duration timeout,
      long runStartNanos,
      boolean follow) {
    this.client = client;
    this.polling = polling;
    this.timeoutNanos = timeout.toNanos();
    this.runStartNanos = runStartNanos;
    this.follow = follow;
  }

  /** One submission's sample, and how long the server asked to wait if it refused it. */
  record Result(SubmissionSample sample, long retryAfterNanos) {}

  SubmissionSample run(int step, PreparedWorkload.Prepared prepared) throws InterruptedException {
    return submit(step, prepared).sample();
  }

  Result submit(int step, PreparedWorkload.Prepared prepared) throws InterruptedException {
    String label = prepared.entry().label();
    long start = System.nanoTime();
    long submittedAt = start - runStartNanos;
    SubmitResult submitted = client.submit(prepared.body());
    long accepted = System.nanoTime();
    long acceptMicros = (accepted - start) / 1000;
    return switch (submitted) {
      case SubmitResult.Refused refused ->
          new Result(
              SubmissionSample.notAccepted(
                  step,
                  label,
                  submittedAt,
                  Outcome.REFUSED,
                  "http-" + refused.status(),
                  acceptMicros),
              refused.retryAfterMillis() * 1_000_000L);
      case SubmitResult.Failed failed ->
          new Result(
              SubmissionSample.notAccepted(
                  step, label, submittedAt, Outcome.FAILED, failed.kind(), -1),
              0);
      case SubmitResult.Accepted ok ->
          new Result(
              follow
                  ? follow(step, prepared, ok.id(), start, submittedAt, acceptMicros)
                  : SubmissionSample.acceptedOnly(step, label, submittedAt, acceptMicros),
              0);
    };
  }

  private SubmissionSample follow(
      int step,
      PreparedWorkload.Prepared prepared,
      String id,
      long start,
      long submittedAt,
      long acceptMicros)
      throws InterruptedException {
    PollSchedule schedule = new PollSchedule(polling);
    long deadline = start + timeoutNanos;
    long firstResultMicros = -1;
    int polls = 0;
    int lastTests = 0;
    String lastStatus = "QUEUED";
    long longPollMillis = polling.longPoll().toMillis();
    // why: a long poll needs nothing from an earlier answer, so the first GET already waits.
    boolean longPolling = longPollMillis > 0;
    Map<String, Integer> pollErrors = new HashMap<>();
    while (true) {
      long left = deadline - System.nanoTime();
      long wait = longPolling ? 0 : Math.min(schedule.nextDelayNanos(), left);
      if (left <= 0 || (!longPolling && wait <= 0)) {
        return new SubmissionSample(
            step,
            prepared.entry().label(),
            submittedAt,
            Outcome.TIMED_OUT,
            "timeout-waiting-for-done",
            acceptMicros,
            firstResultMicros,
            -1,
            -1,
            -1,
            polls,
            null,
            null,
            null,
            pollErrors);
      }
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      PollResult result =
          longPolling
              ? client.poll(
                  id,
                  firstResultMicros < 0 ? "result" : "done",
                  Math.min(longPollMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)))
              : client.poll(id);
      long at = System.nanoTime();
      polls++;
      if (result instanceof PollResult.Failed failed) {
        if (failed.kind().equals("interrupted")) {
          throw new InterruptedException("interrupted while polling " + id);
        }
        pollErrors.merge(failed.kind(), 1, Integer::sum);
        continue;
      }
      StatusView view = ((PollResult.Status) result).view();
      if (firstResultMicros < 0 && view.hasResult()) {
        firstResultMicros = (at - start) / 1000;
      }
      if (view.done()) {
        return graded(
            step,
            prepared,
            view,
            start,
            at,
            submittedAt,
            acceptMicros,
            firstResultMicros,
            polls,
            pollErrors);
      }
      if (view.tests() != lastTests || !view.status().equals(lastStatus)) {
        schedule.progressed();
        lastTests = view.tests();
        lastStatus = view.status();
      }
    }
  }

  private SubmissionSample graded(
      int step,
      PreparedWorkload.Prepared prepared,
      StatusView view,
      long start,
      long at,
      long submittedAt,
      long acceptMicros,
      long firstResultMicros,
      int polls,
      Map<String, Integer> pollErrors) {
    long serverMicros =
        view.createdAtMillis() > 0 && view.finishedAtMillis() >= view.createdAtMillis()
            ? (view.finishedAtMillis() - view.createdAtMillis()) * 1000
            : -1;
    return new SubmissionSample(
        step,
        prepared.entry().label(),
        submittedAt,
        Outcome.GRADED,
        unexpected(prepared, view.verdict()),
        acceptMicros,
        firstResultMicros,
        (at - start) / 1000,
        serverMicros,
        at - runStartNanos,
        polls,
        view.verdict(),
        view.score(),
        view.maxScore(),
        pollErrors);
  }

  private static String unexpected(PreparedWorkload.Prepared prepared, String verdict) {
    Verdict parsed = null;
    try {
      parsed = verdict == null ? null : Verdict.valueOf(verdict);
    } catch (IllegalArgumentException e) {
      // why: a verdict this load-gen does not know is by definition not the expected one.
    }
    return parsed != null && prepared.entry().expected(parsed)
        ? null
        : "unexpected-verdict:" + verdict;
  }
}
