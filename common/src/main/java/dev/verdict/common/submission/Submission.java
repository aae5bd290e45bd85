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
 * @param entryPoint the file, module or class to run, as the submitter named it; null: the
 *     language's rule finds it ({@code EntryPoints})
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
    String entryPoint,
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
        null,
        null);
  }

  /** The same submission, its result POSTed to {@code callbackUrl} once done (null: nowhere). */
  public Submission withCallbackUrl(String callbackUrl) {
    return new Submission(
        id,
        problemId,
        problemVersion,
        language,
        files,
        state,
        version,
        history,
        createdAt,
        published,
        result,
        owner,
        entryPoint,
        callbackUrl);
  }

  /** The same submission, run from {@code entryPoint} (null: as its language's rule says). */
  public Submission withEntryPoint(String entryPoint) {
    return with(state, history, result, entryPoint);
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
    return with(to, next, result, entryPoint);
  }

  /** The same submission DONE with its outcome; goes through RUNNING when it never got there. */
  public Submission finish(GradingOutcome outcome, long at) {
    Submission running =
        state == SubmissionState.QUEUED && outcome.startedAt() > 0
            ? transitionTo(SubmissionState.RUNNING, outcome.startedAt())
            : this;
    Submission done = running.transitionTo(SubmissionState.DONE, at);
    return with(done.state, done.history, outcome, entryPoint);
  }

  private Submission with(
      SubmissionState state, List<StateChange> history, GradingOutcome result, String entryPoint) {
    return new Submission(
        id,
        problemId,
        problemVersion,
        language,
        files,
        state,
        version,
        history,
        createdAt,
        published,
        result,
        owner,
        entryPoint,
        callbackUrl);
  }
}
