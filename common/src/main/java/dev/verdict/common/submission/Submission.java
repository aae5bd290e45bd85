package dev.verdict.common.submission;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.SourceFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A submission as stored in MongoDB. Immutable: {@link #transitionTo} returns the next version of
 * it, and {@link SubmissionStore#save} stores that only if nobody else saved in between.
 *
 * @param version incremented by every save; a save with a stale version is rejected
 * @param published whether the broker confirmed the submission's message (the outbox flag)
 * @param result the final grading outcome once DONE
 * @param owner the name of the token that created it; null for submissions made before tokens
 * @param callbackUrl where the result is POSTed once it is done, or null for nowhere
 */
public record Submission(
    String id,
    String problemId,
    String problemVersion,
    String language,
    List<SourceFile> files,
    SubmissionState state,
    long version,
    List<StateChange> history,
    long createdAt,
    boolean published,
    GradingOutcome result,
    String owner,
    String callbackUrl) {

  public Submission {
    files = List.copyOf(files);
    history = List.copyOf(history);
  }

  /** A new submission, QUEUED and not yet published, with no owner. */
  public static Submission queued(
      String id,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      long now) {
    return queued(id, problemId, problemVersion, language, files, now, null);
  }

  /** A new submission of {@code owner}, QUEUED and not yet published. */
  public static Submission queued(
      String id,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      long now,
      String owner) {
    return queued(id, problemId, problemVersion, language, files, now, owner, null);
  }

  /**
   * A new submission of {@code owner}, QUEUED and not yet published, whose result is POSTed to
   * {@code callbackUrl} (null: nowhere).
   */
  public static Submission queued(
      String id,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      long now,
      String owner,
      String callbackUrl) {
    return new Submission(
        id,
        problemId,
        problemVersion,
        language,
        files.stream().map(SourceFile::withoutContent).toList(),
        SubmissionState.QUEUED,
        0,
        List.of(new StateChange(SubmissionState.QUEUED, now)),
        now,
        false,
        null,
        owner,
        callbackUrl);
  }

  /**
   * The same submission in state {@code to}, with the change appended to its history.
   *
   * @throws IllegalSubmissionTransitionException when the table does not allow the change
   */
  public Submission transitionTo(SubmissionState to, long at) {
    SubmissionStateMachine.check(state, to);
    List<StateChange> next = new ArrayList<>(history);
    next.add(new StateChange(to, at));
    return new Submission(
        id,
        problemId,
        problemVersion,
        language,
        files,
        to,
        version,
        next,
        createdAt,
        published,
        result,
        owner,
        callbackUrl);
  }

  /** The same submission DONE with its outcome; goes through RUNNING when it never got there. */
  public Submission finish(GradingOutcome outcome, long at) {
    Submission running =
        state == SubmissionState.QUEUED && outcome.startedAt() > 0
            ? transitionTo(SubmissionState.RUNNING, outcome.startedAt())
            : this;
    Submission done = running.transitionTo(SubmissionState.DONE, at);
    return new Submission(
        id,
        problemId,
        problemVersion,
        language,
        files,
        done.state,
        version,
        done.history,
        createdAt,
        published,
        outcome,
        owner,
        callbackUrl);
  }
}
