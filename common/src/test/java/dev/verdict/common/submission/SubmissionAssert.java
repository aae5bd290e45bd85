package dev.verdict.common.submission;

import dev.verdict.common.message.Verdict;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/** Domain assertions: {@code assertThat(sub).isIn(DONE).hasStates(QUEUED, RUNNING, DONE)}. */
public final class SubmissionAssert extends AbstractAssert<SubmissionAssert, Submission> {
  private SubmissionAssert(Submission actual) {
    super(actual, SubmissionAssert.class);
  }

  public static SubmissionAssert assertThat(Submission actual) {
    return new SubmissionAssert(actual);
  }

  public SubmissionAssert isIn(SubmissionState state) {
    isNotNull();
    Assertions.assertThat(actual.state()).as("state of %s", actual.id()).isEqualTo(state);
    return this;
  }

  /** The history, oldest first, is exactly these states. */
  public SubmissionAssert hasStates(SubmissionState... states) {
    isNotNull();
    Assertions.assertThat(actual.history())
        .as("history of %s", actual.id())
        .extracting(StateChange::state)
        .containsExactly(states);
    return this;
  }

  public SubmissionAssert hasVersion(long version) {
    isNotNull();
    Assertions.assertThat(actual.version()).as("version of %s", actual.id()).isEqualTo(version);
    return this;
  }

  public SubmissionAssert hasVerdict(Verdict verdict) {
    isNotNull();
    Assertions.assertThat(actual.result()).as("result of %s", actual.id()).isNotNull();
    Assertions.assertThat(actual.result().verdict()).isEqualTo(verdict);
    return this;
  }
}
