package dev.verdict.common.submission;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SubmissionQueued;
import java.util.ArrayList;
import java.util.List;

/**
 * A submission as stored in MongoDB. Immutable: {@link #transitionTo} returns the next version of
 * it, and {@link SubmissionStore#save} stores that only if nobody else saved in between.
 *
 * <p>A submission is graded once when it is accepted and once more per rejudge ({@link #requeue}).
 * The current grading is {@link #grading}, against {@link #problemVersion}, with {@link #result}
 * once DONE; each grading finished before it is kept in {@link #gradings}. Starts and results name
 * the grading they belong to, and one of an older grading is refused ({@link
 * SupersededGradingException}), so a redelivered report of an earlier grading can never overwrite a
 * newer one.
 *
 * @param problemVersion the problem version the current grading uses
 * @param version incremented by every save; a save with a stale version is rejected
 * @param published whether the broker confirmed the submission's message (the outbox flag)
 * @param result the final grading outcome once DONE
 * @param owner the name of the token that created it; null for submissions made before tokens
 * @param entryPoint the file, module or class to run, as the submitter named it; null: the
 *     language's rule finds it ({@code EntryPoints})
 * @param callbackUrl where the result is POSTed once it is done, or null for nowhere
 * @param grading the number of the current grading: 1 when accepted, then one more per rejudge
 * @param rejudge the rejudge that started the current grading, or null for the first one
 * @param gradings every earlier grading, oldest first
 * @param bulk bulk work (a batch's item): its gradings wait in the bulk task queue behind
 *     interactive submissions, also when the outbox sweeper publishes it
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
    String callbackUrl,
    int grading,
    String rejudge,
    List<Grading> gradings,
    boolean bulk) {

  public Submission {
    files = List.copyOf(files);
    history = List.copyOf(history);
    grading = Math.max(1, grading);
    gradings = gradings == null ? List.of() : List.copyOf(gradings);
  }

  /** A submission in its first grading. */
  public Submission(
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
    this(
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
        callbackUrl,
        1,
        null,
        List.of(),
        false);
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

  /** The same submission, run from {@code entryPoint} (null: as its language's rule says). */
  public Submission withEntryPoint(String entryPoint) {
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
        callbackUrl,
        grading,
        rejudge,
        gradings,
        bulk);
  }

  /** The same submission as bulk work ({@code true}: a batch's item) or not. */
  public Submission withBulk(boolean bulk) {
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
        callbackUrl,
        grading,
        rejudge,
        gradings,
        bulk);
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
        callbackUrl,
        grading,
        rejudge,
        gradings,
        bulk);
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
    return with(to, next, result);
  }

  /** When the current grading was queued: the last QUEUED of the history. */
  public long queuedAt() {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).state() == SubmissionState.QUEUED) {
        return history.get(i).at();
      }
    }
    return createdAt;
  }

  /**
   * A slot started grading {@code number}: RUNNING.
   *
   * @throws SupersededGradingException when the submission is in another grading
   * @throws IllegalSubmissionTransitionException when the table does not allow the change
   */
  public Submission start(int number, long at) {
    requireCurrent(number);
    return transitionTo(SubmissionState.RUNNING, at);
  }

  /** The first grading's outcome; see {@link #finish(int, GradingOutcome, long)}. */
  public Submission finish(GradingOutcome outcome, long at) {
    return finish(1, outcome, at);
  }

  /**
   * The same submission DONE with the outcome of grading {@code number}; goes through RUNNING when
   * it never got there.
   *
   * @throws SupersededGradingException when the submission is in another grading
   * @throws IllegalSubmissionTransitionException when the table does not allow the change
   */
  public Submission finish(int number, GradingOutcome outcome, long at) {
    requireCurrent(number);
    Submission running =
        state == SubmissionState.QUEUED && outcome.startedAt() > 0
            ? transitionTo(SubmissionState.RUNNING, outcome.startedAt())
            : this;
    Submission done = running.transitionTo(SubmissionState.DONE, at);
    return with(done.state, done.history, outcome);
  }

  /**
   * A rejudge: the finished grading goes to {@link #gradings} and a new one starts, QUEUED, not yet
   * published, against {@code newProblemVersion}.
   *
   * @param newProblemVersion the problem version to grade against: the same or a newer one
   * @param rejudgeId the rejudge that asks for it
   * @throws IllegalSubmissionTransitionException when the submission is not DONE
   */
  public Submission requeue(String newProblemVersion, String rejudgeId, long at) {
    Submission queued = transitionTo(SubmissionState.QUEUED, at);
    List<Grading> earlier = new ArrayList<>(gradings);
    earlier.add(
        new Grading(grading, problemVersion, rejudge, queuedAt(), history.getLast().at(), result));
    return new Submission(
        id,
        problemId,
        newProblemVersion,
        language,
        files,
        queued.state,
        version,
        queued.history,
        createdAt,
        false,
        null,
        owner,
        entryPoint,
        callbackUrl,
        grading + 1,
        rejudgeId,
        earlier,
        bulk);
  }

  /**
   * The message that asks the dispatcher to grade the current grading (the files by id: the worker
   * fetches their content).
   */
  public SubmissionQueued queuedMessage() {
    return new SubmissionQueued(
        SubmissionQueued.VERSION,
        id,
        problemId,
        problemVersion,
        language,
        files,
        queuedAt(),
        entryPoint,
        grading,
        bulk ? Boolean.TRUE : null);
  }

  private Submission with(SubmissionState state, List<StateChange> history, GradingOutcome result) {
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
        callbackUrl,
        grading,
        rejudge,
        gradings,
        bulk);
  }

  private void requireCurrent(int number) {
    if (Math.max(1, number) != grading) {
      throw new SupersededGradingException(id, number, grading);
    }
  }
}
