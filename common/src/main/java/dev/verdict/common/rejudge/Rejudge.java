package dev.verdict.common.rejudge;

import dev.verdict.common.submission.RejudgeSelection;
import dev.verdict.common.submission.SubmissionQuery;
import java.util.List;
import java.util.Map;

/**
 * A request to grade submissions again, and how far it got. Staff create it (the API); a dispatcher
 * claims it and walks its selection page by page, queueing a new grading of each DONE submission;
 * the dispatcher that records each new grading's result counts it as finished.
 *
 * @param id {@code rj_} and 64 random bits in hex
 * @param requestedBy the name of the token that asked for it
 * @param ids the submissions to rejudge, in this order; null when {@code selection} says which
 * @param selection the problem (and verdict) whose submissions to rejudge; null when {@code ids}
 * @param versions for a rejudge against the newest problem versions: each problem's version at the
 *     time of the request; empty: every submission is graded against the version it was
 * @param state QUEUED (not claimed yet), RUNNING (a dispatcher walks the selection) or SELECTED
 *     (every selected submission was queued or skipped)
 * @param afterIndex for {@code ids}: how many of them were handled
 * @param after for {@code selection}: the last submission handled, in creation order
 * @param selected submissions looked at so far
 * @param requeued of those, the ones queued for a new grading
 * @param skipped of those, the ones not queued: not DONE (being graded) or unknown
 * @param finished new gradings whose result is recorded
 * @param changed of those, the ones whose verdict differs from the grading before
 */
public record Rejudge(
    String id,
    String requestedBy,
    long createdAt,
    List<String> ids,
    RejudgeSelection selection,
    Map<String, String> versions,
    State state,
    int afterIndex,
    SubmissionQuery.Position after,
    long selected,
    long requeued,
    long skipped,
    long finished,
    long changed,
    long selectedAt) {

  /** Where a rejudge is. */
  public enum State {
    QUEUED,
    RUNNING,
    SELECTED
  }

  public Rejudge {
    ids = ids == null ? null : List.copyOf(ids);
    versions = versions == null ? Map.of() : Map.copyOf(versions);
    if ((ids == null) == (selection == null)) {
      throw new IllegalArgumentException("a rejudge takes either ids or a selection");
    }
  }

  /** A new rejudge, not yet claimed by any dispatcher. */
  public static Rejudge of(
      String id,
      String requestedBy,
      long createdAt,
      List<String> ids,
      RejudgeSelection selection,
      Map<String, String> versions) {
    return new Rejudge(
        id,
        requestedBy,
        createdAt,
        ids,
        selection,
        versions,
        State.QUEUED,
        0,
        null,
        0,
        0,
        0,
        0,
        0,
        0);
  }

  /** Whether every selected submission was handled and every new grading has its result. */
  public boolean done() {
    return state == State.SELECTED && finished >= requeued;
  }

  /** The version a submission of {@code problemId} is to be graded against; null: its own. */
  public String versionFor(String problemId) {
    return versions.get(problemId);
  }
}
