package dev.verdict.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.GroupScoring;
import dev.verdict.common.message.RunOptions;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.TestGroup;
import java.util.List;

/**
 * One immutable version of a problem: what a submission made against it is graded with, even if the
 * problem changes later.
 *
 * @param version a digest of everything below, so loading the same package twice is a no-op
 * @param stopOnFailure stop at the first failed test (Kattis {@code on_reject: break}) rather than
 *     run every test for partial credit
 * @param type pass-fail or scoring; pass-fail for versions stored before types were recorded
 * @param statement the problem's statement, or null when the package has none
 * @param groups for a scoring problem: its test groups, whose rules decide which tests run and the
 *     score; null: every test counts its weight
 * @param compileLimits the package's own limits of the compile step ({@code compilation_time},
 *     {@code compilation_memory}); null: none
 * @param runOptions extra words for the compile and run commands (an ad-hoc run's, from the Jobe
 *     facade); null: none
 * @param languages the languages a submission may be written in (2023-07 {@code languages}); null:
 *     every language the deployment offers
 * @param allowFileWriting a test run may create, change and delete files in its working directory
 *     (a fresh copy of it per run); false: the working directory is read-only to runs
 * @param interactions the samples' {@code .interaction} files, shown to submitters; empty: none
 */
public record ProblemVersion(
    String problemId,
    String version,
    String name,
    LimitOverrides limits,
    CheckerSpec checker,
    List<TestCase> tests,
    boolean stopOnFailure,
    ProblemType type,
    ProblemStatement statement,
    @JsonInclude(JsonInclude.Include.NON_NULL) TestGroup groups,
    @JsonInclude(JsonInclude.Include.NON_NULL) LimitOverrides compileLimits,
    @JsonInclude(JsonInclude.Include.NON_NULL) RunOptions runOptions,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> languages,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean allowFileWriting,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SampleInteraction> interactions) {

  /**
   * A version whose package sets no languages, no file writing and no {@code .interaction} files.
   */
  public ProblemVersion(
      String problemId,
      String version,
      String name,
      LimitOverrides limits,
      CheckerSpec checker,
      List<TestCase> tests,
      boolean stopOnFailure,
      ProblemType type,
      ProblemStatement statement,
      TestGroup groups,
      LimitOverrides compileLimits,
      RunOptions runOptions) {
    this(
        problemId,
        version,
        name,
        limits,
        checker,
        tests,
        stopOnFailure,
        type,
        statement,
        groups,
        compileLimits,
        runOptions,
        null,
        false,
        null);
  }

  /** A version without test groups. */
  public ProblemVersion(
      String problemId,
      String version,
      String name,
      LimitOverrides limits,
      CheckerSpec checker,
      List<TestCase> tests,
      boolean stopOnFailure,
      ProblemType type,
      ProblemStatement statement) {
    this(
        problemId,
        version,
        name,
        limits,
        checker,
        tests,
        stopOnFailure,
        type,
        statement,
        null,
        null,
        null);
  }

  public ProblemVersion {
    tests = List.copyOf(tests);
    type = type == null ? ProblemType.PASS_FAIL : type;
    limits = limits == null ? LimitOverrides.NONE : limits;
    checker = checker == null ? CheckerSpec.defaultChecker() : checker;
    // why: absent rather than empty, so that versions stored before compile limits existed keep
    // their digest.
    compileLimits = LimitOverrides.NONE.equals(compileLimits) ? null : compileLimits;
    runOptions = RunOptions.orNull(runOptions);
    languages = languages == null ? null : List.copyOf(languages);
    interactions = interactions == null ? List.of() : List.copyOf(interactions);
  }

  /** Whether a submission in {@code language} may be made against this version. */
  public boolean offers(String language) {
    return languages == null || languages.contains(language);
  }

  /** The same problem under another version id. */
  public ProblemVersion withVersion(String newVersion) {
    return new ProblemVersion(
        problemId,
        newVersion,
        name,
        limits,
        checker,
        tests,
        stopOnFailure,
        type,
        statement,
        groups,
        compileLimits,
        runOptions,
        languages,
        allowFileWriting,
        interactions);
  }

  /** The highest score a submission can get, or null when the package sets no bound. */
  public Double maxScore() {
    if (groups == null) {
      return (double) tests.stream().mapToInt(TestCase::weight).sum();
    }
    return GroupScoring.maxScore(groups, checker.scoresFromValidator());
  }

  /**
   * The task that grades {@code submission} against this version: the whole submission (its
   * sources, inline or by id), every test, the limits and the checker, so a worker needs no
   * database.
   *
   * @throws IllegalArgumentException when the submission was made against another problem or
   *     version
   */
  public GradingTask taskFor(SubmissionQueued submission) {
    if (!submission.problemId().equals(problemId) || !submission.problemVersion().equals(version)) {
      throw new IllegalArgumentException(
          "Submission(id="
              + submission.submissionId()
              + ") is for "
              + submission.problemId()
              + "@"
              + submission.problemVersion()
              + ", not "
              + problemId
              + "@"
              + version);
    }
    return new GradingTask(
        GradingTask.VERSION,
        submission.submissionId(),
        submission.problemId(),
        submission.problemVersion(),
        submission.language(),
        submission.files(),
        tests,
        limits,
        checker,
        stopOnFailure,
        submission.queuedAt(),
        groups,
        submission.entryPoint(),
        submission.grading(),
        compileLimits,
        runOptions,
        null,
        allowFileWriting);
  }
}
