package dev.verdict.api.submission;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.RunOptions;
import java.util.List;

/**
 * A submission as a caller asks for it, nothing stored yet: either against a stored problem ({@code
 * problemId} set, no tests) or an ad-hoc run that brings its own {@code tests} (and optionally
 * {@code limits}) instead. {@link SubmissionService#submit} checks every part of it.
 *
 * @param problemId the problem to grade against; null for an ad-hoc run
 * @param tests an ad-hoc run's tests, in order; empty for a problem's submission
 * @param limits an ad-hoc run's limits, each within {@code api.adhoc.maxLimits}; {@link
 *     LimitOverrides#NONE} for the defaults
 * @param callbackUrl where the result is POSTed once done, or null
 * @param runOptions an ad-hoc run's extra compile and run arguments ({@link RunOptions#NONE}: none)
 */
public record NewSubmission(
    String problemId,
    String language,
    List<NewFile> files,
    List<NewTest> tests,
    LimitOverrides limits,
    String entryPoint,
    String callbackUrl,
    RunOptions runOptions) {

  public NewSubmission {
    files = List.copyOf(files);
    tests = tests == null ? List.of() : List.copyOf(tests);
    limits = limits == null ? LimitOverrides.NONE : limits;
    runOptions = runOptions == null ? RunOptions.NONE : runOptions;
  }

  /** A submission against the stored problem {@code problemId}. */
  public static NewSubmission ofProblem(String problemId, String language, List<NewFile> files) {
    return new NewSubmission(
        problemId, language, files, List.of(), LimitOverrides.NONE, null, null, null);
  }

  /** An ad-hoc run of {@code files} on {@code tests}, within {@code limits}. */
  public static NewSubmission adhoc(
      String language, List<NewFile> files, List<NewTest> tests, LimitOverrides limits) {
    return new NewSubmission(null, language, files, tests, limits, null, null, null);
  }

  /** The same submission, run from {@code entryPoint} (null: as its language's rule says). */
  public NewSubmission withEntryPoint(String entryPoint) {
    return new NewSubmission(
        problemId, language, files, tests, limits, entryPoint, callbackUrl, runOptions);
  }

  /** The same submission, its result POSTed to {@code callbackUrl} once done (null: nowhere). */
  public NewSubmission withCallbackUrl(String callbackUrl) {
    return new NewSubmission(
        problemId, language, files, tests, limits, entryPoint, callbackUrl, runOptions);
  }

  /** The same ad-hoc run, with {@code runOptions} for its compile and run commands. */
  public NewSubmission withRunOptions(RunOptions runOptions) {
    return new NewSubmission(
        problemId, language, files, tests, limits, entryPoint, callbackUrl, runOptions);
  }

  /** Whether it brings its own tests instead of naming a problem. */
  public boolean isAdhoc() {
    return problemId == null;
  }

  /** A submitted file, content as UTF-8 bytes. */
  // why: built once from the request and only read afterwards; a defensive copy of up to a
  // megabyte per file would buy nothing.
  @SuppressWarnings("ArrayRecordComponent")
  public record NewFile(String name, byte[] content) {}

  /**
   * A test an ad-hoc run brings.
   *
   * @param input what the program reads on standard input (may be empty)
   * @param expectedOutput what it must write, judged like a problem's default output validator
   *     does; null when the verdict is about running only (ACCEPTED when it ran cleanly)
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record NewTest(byte[] input, byte[] expectedOutput) {}
}
