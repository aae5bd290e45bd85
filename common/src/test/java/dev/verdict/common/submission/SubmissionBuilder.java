package dev.verdict.common.submission;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Test submissions: {@code aSubmission().inState(RUNNING).build()}. */
public final class SubmissionBuilder {
  public static final String MAIN_SHA =
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  private String id = UUID.randomUUID().toString();
  private long createdAt = 1_000;
  private boolean published;
  private List<StateChange> history =
      new ArrayList<>(List.of(new StateChange(SubmissionState.QUEUED, 1_000)));
  private GradingOutcome result;
  private String owner;
  private String problemId = "hello";
  private String callbackUrl;

  private SubmissionBuilder() {}

  public static SubmissionBuilder aSubmission() {
    return new SubmissionBuilder();
  }

  public SubmissionBuilder withId(String id) {
    this.id = id;
    return this;
  }

  public SubmissionBuilder createdAt(long at) {
    this.createdAt = at;
    this.history = new ArrayList<>(List.of(new StateChange(SubmissionState.QUEUED, at)));
    return this;
  }

  public SubmissionBuilder published() {
    this.published = true;
    return this;
  }

  /** Sets the state directly, bypassing the state machine, as a stored document could hold it. */
  public SubmissionBuilder inState(SubmissionState state) {
    if (state != SubmissionState.QUEUED) {
      history.add(new StateChange(state, createdAt + 1));
    }
    return this;
  }

  public SubmissionBuilder forProblem(String id) {
    this.problemId = id;
    return this;
  }

  public SubmissionBuilder withOwner(String name) {
    this.owner = name;
    return this;
  }

  public SubmissionBuilder withResult(GradingOutcome outcome) {
    this.result = outcome;
    return this;
  }

  public Submission build() {
    return new Submission(
        id,
        problemId,
        "3c1f0d2e4b5a6978",
        "python3",
        List.of(new SourceFile("main.py", MAIN_SHA, 6, null)),
        history.getLast().state(),
        0,
        history,
        createdAt,
        published,
        result,
        owner,
        null,
        callbackUrl);
  }

  public SubmissionBuilder withCallbackUrl(String url) {
    this.callbackUrl = url;
    return this;
  }
}
