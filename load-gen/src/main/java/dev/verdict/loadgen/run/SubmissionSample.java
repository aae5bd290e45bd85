package dev.verdict.loadgen.run;

import java.util.Map;

/**
 * What happened to one submission. Times are nanoseconds since the run's start; latencies are
 * microseconds, -1 when not reached.
 *
 * @param step the sweep step (0 for a single run)
 * @param entry the workload entry's label
 * @param errorKind why the submission was not graded, or {@code unexpected-verdict:<V>} when it was
 *     graded with a verdict the workload did not expect; null when all went as expected
 * @param acceptMicros POST sent to 202 received
 * @param firstResultMicros POST sent to the first GET showing a test result or DONE
 * @param endToEndMicros POST sent to the first GET showing DONE
 * @param serverMicros the server's own {@code finishedAt - createdAt}, independent of polling
 * @param polls the status GETs made for this submission
 * @param pollErrors failed GETs by kind (the submission may still have been graded)
 */
public record SubmissionSample(
    int step,
    String entry,
    long submittedAtNanos,
    Outcome outcome,
    String errorKind,
    long acceptMicros,
    long firstResultMicros,
    long endToEndMicros,
    long serverMicros,
    long doneAtNanos,
    int polls,
    String verdict,
    Integer score,
    Integer maxScore,
    Map<String, Integer> pollErrors) {

  /** How far a submission got. */
  public enum Outcome {
    /** DONE, whatever the verdict. */
    GRADED,
    /** The POST was answered with another status than 202. */
    REFUSED,
    /** The POST got no HTTP answer (timeout, connection). */
    FAILED,
    /** Accepted, but not DONE within the per-submission timeout. */
    TIMED_OUT,
    /** Never sent: load-gen already had its maximum of submissions in flight. */
    DROPPED,
    /** Accepted and not followed further ({@code --accept-only}). */
    ACCEPTED
  }

  public SubmissionSample {
    pollErrors = pollErrors == null ? Map.of() : Map.copyOf(pollErrors);
  }

  public boolean graded() {
    return outcome == Outcome.GRADED;
  }

  public boolean accepted() {
    return outcome == Outcome.GRADED || outcome == Outcome.TIMED_OUT || outcome == Outcome.ACCEPTED;
  }

  /** Whether nothing went wrong: graded, or accepted when only accepting was asked for. */
  public boolean succeeded() {
    return outcome == Outcome.GRADED || outcome == Outcome.ACCEPTED;
  }

  /** Graded with a verdict the workload did not expect. */
  public boolean unexpectedVerdict() {
    return graded() && errorKind != null;
  }

  static SubmissionSample acceptedOnly(
      int step, String entry, long submittedAt, long acceptMicros) {
    return new SubmissionSample(
        step,
        entry,
        submittedAt,
        Outcome.ACCEPTED,
        null,
        acceptMicros,
        -1,
        -1,
        -1,
        -1,
        0,
        null,
        null,
        null,
        Map.of());
  }

  static SubmissionSample notAccepted(
      int step, String entry, long submittedAt, Outcome outcome, String kind, long acceptMicros) {
    return new SubmissionSample(
        step,
        entry,
        submittedAt,
        outcome,
        kind,
        acceptMicros,
        -1,
        -1,
        -1,
        -1,
        0,
        null,
        null,
        null,
        Map.of());
  }
}
