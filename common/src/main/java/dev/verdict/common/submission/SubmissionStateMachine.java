package dev.verdict.common.submission;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;

import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed state changes. A final state never goes back: DONE has no way out here
 * (rejudging will add DONE → QUEUED as an explicit, recorded transition).
 */
public final class SubmissionStateMachine {
  private static final Map<SubmissionState, Set<SubmissionState>> ALLOWED =
      Map.of(
          QUEUED, Set.of(RUNNING, DONE),
          RUNNING, Set.of(DONE),
          DONE, Set.of());

  private SubmissionStateMachine() {}

  public static boolean allowed(SubmissionState from, SubmissionState to) {
    return ALLOWED.get(from).contains(to);
  }

  /** Every allowed (from, to) pair; tests walk each one. */
  public static Map<SubmissionState, Set<SubmissionState>> table() {
    return ALLOWED;
  }

  public static void check(SubmissionState from, SubmissionState to) {
    if (!allowed(from, to)) {
      throw new IllegalSubmissionTransitionException(from, to);
    }
  }
}
