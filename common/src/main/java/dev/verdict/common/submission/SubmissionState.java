package dev.verdict.common.submission;

/** Where a submission is in its life. Allowed moves are in {@link SubmissionStateMachine}. */
public enum SubmissionState {
  /** Stored and published; waiting for a worker slot. */
  QUEUED,
  /** A worker slot is compiling or running it. */
  RUNNING,
  /** Final: a verdict, score and per-test results are recorded. */
  DONE
}
