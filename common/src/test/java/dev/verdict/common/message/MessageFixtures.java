package dev.verdict.common.message;

import dev.verdict.common.limits.LimitOverrides;
import java.util.List;

/**
 * One fully populated example of every message type. The golden files under {@code golden/messages}
 * are these messages as version 1 wrote them.
 */
public final class MessageFixtures {
  public static final String SUBMISSION_ID = "0f8e2c9a-5b1d-4c3e-9a7f-2d6b8e1c4a90";
  public static final long QUEUED_AT = 1_700_000_000_000L;

  private static final String MAIN_SHA =
      "1d5b0e0a3f2c4b6d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5";
  private static final String INPUT_SHA =
      "a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
  private static final String ANSWER_SHA =
      "b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f";

  private MessageFixtures() {}

  public static SubmissionQueued submissionQueued() {
    return new SubmissionQueued(
        SubmissionQueued.VERSION,
        SUBMISSION_ID,
        "hello",
        "3c1f0d2e4b5a6978",
        "python3",
        List.of(mainPy()),
        QUEUED_AT,
        null);
  }

  public static GradingTask gradingTask() {
    return new GradingTask(
        GradingTask.VERSION,
        SUBMISSION_ID,
        "hello",
        "3c1f0d2e4b5a6978",
        "python3",
        List.of(mainPy(), new SourceFile("util.py", INPUT_SHA, 70_000, null)),
        List.of(
            new TestCase("sample/1", INPUT_SHA, ANSWER_SHA, 1),
            new TestCase("secret/02", INPUT_SHA, ANSWER_SHA, 5)),
        new LimitOverrides(1_500L, null, 512, null, 8_192L, null, null, null, null),
        new CheckerSpec(CheckerSpec.DEFAULT, List.of("float_tolerance", "1e-6")),
        false,
        QUEUED_AT);
  }

  public static TaskFinished taskFinished() {
    return new TaskFinished(
        TaskFinished.VERSION,
        SUBMISSION_ID,
        GradingOutcome.fromTests(
            List.of(accepted(), wrongAnswer()),
            6,
            "warning: unused import",
            "worker-a",
            QUEUED_AT + 250,
            QUEUED_AT + 900));
  }

  /** Every message type, once. */
  public static List<Message> all() {
    return List.of(submissionQueued(), gradingTask(), taskFinished());
  }

  public static TestResult accepted() {
    return new TestResult("sample/1", Verdict.ACCEPTED, 1, 12.5, 30.25, 10_240, 0, null, null);
  }

  public static TestResult wrongAnswer() {
    return new TestResult(
        "secret/02",
        Verdict.WRONG_ANSWER,
        5,
        40.0,
        61.5,
        11_264,
        0,
        null,
        "line 1: expected '42', got '41'");
  }

  private static SourceFile mainPy() {
    return new SourceFile("main.py", MAIN_SHA, 22, "print(int(input())+1)\n");
  }
}
