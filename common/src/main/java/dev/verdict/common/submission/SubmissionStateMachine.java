package dev.verdict.common.submission;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed state changes, for MongoDB and Redis alike: {@link
 * Submission#transitionTo} checks it before MongoDB is written ({@link SubmissionStore#change}),
 * and the live status's Lua scripts are built from it ({@code StatusStore}). A grading never goes
 * back: the only way out of DONE is a rejudge, which starts a new grading ({@code DONE → QUEUED})
 * and keeps the finished one in the submission's gradings; a result or a start of an older grading
 * is refused by the grading number, not by this table ({@link Submission#grading}). A new way
 * through the life of a submission is one row below, and a test that walks it.
 */
public final class SubmissionStateMachine {
  /** One allowed change, and when it happens. */
  public record Transition(SubmissionState from, SubmissionState to, String when) {}

  private static final List<Transition> ROWS =
      List.of(
          new Transition(QUEUED, RUNNING, "a worker slot starts grading it"),
          new Transition(
              RUNNING,
              RUNNING,
              "its task is redelivered and a slot starts grading it again, or a slot starts"
                  + " another part of a split submission"),
          new Transition(RUNNING, DONE, "its final result is recorded"),
          new Transition(
              QUEUED,
              DONE,
              "its result is recorded before its start was (a slot's RUNNING write is lost or"
                  + " late), or it is dead-lettered before any slot started it"),
          new Transition(
              DONE,
              QUEUED,
              "staff rejudge it: a new grading starts; the finished one is kept in its gradings"));

  private static final Map<SubmissionState, Set<SubmissionState>> ALLOWED = index();

  private SubmissionStateMachine() {}

  public static boolean allowed(SubmissionState from, SubmissionState to) {
    return ALLOWED.get(from).contains(to);
  }

  /** Every allowed change, one row each. */
  public static List<Transition> rows() {
    return ROWS;
  }

  /** Every allowed (from, to) pair, by from; tests walk each one. */
  public static Map<SubmissionState, Set<SubmissionState>> table() {
    return ALLOWED;
  }

  /** The states from which a submission may enter {@code to}. */
  public static Set<SubmissionState> sourcesOf(SubmissionState to) {
    Set<SubmissionState> sources = EnumSet.noneOf(SubmissionState.class);
    for (Transition row : ROWS) {
      if (row.to() == to) {
        sources.add(row.from());
      }
    }
    return Set.copyOf(sources);
  }

  /**
   * @throws IllegalSubmissionTransitionException when the table does not allow the change
   */
  public static void check(SubmissionState from, SubmissionState to) {
    if (!allowed(from, to)) {
      throw new IllegalSubmissionTransitionException(from, to);
    }
  }

  private static Map<SubmissionState, Set<SubmissionState>> index() {
    Map<SubmissionState, Set<SubmissionState>> byFrom = new EnumMap<>(SubmissionState.class);
    for (SubmissionState state : SubmissionState.values()) {
      byFrom.put(state, EnumSet.noneOf(SubmissionState.class));
    }
    for (Transition row : ROWS) {
      byFrom.get(row.from()).add(row.to());
    }
    byFrom.replaceAll((from, to) -> Set.copyOf(to));
    return Map.copyOf(byFrom);
  }
}
