package dev.verdict.api.jobe;

import dev.verdict.api.access.Caller;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.RateLimitedException;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.api.submission.NewSubmission;
import dev.verdict.api.submission.SubmissionService;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.config.LanguageConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.RunOptions;
import dev.verdict.common.message.TestResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a checked run specification as a Verdict submission with one ad-hoc test, on the same queue,
 * slots and sandbox as every submission, and answers with its result once it comes: Jobe's API is
 * synchronous. A run nobody starts within {@code jobe.queueWaitMs}, or refused by the API's own
 * admission bound, is answered as Jobe answers an overload (outcome 21).
 */
final class JobeRuns {
  private static final Logger LOG = LoggerFactory.getLogger(JobeRuns.class);

  /** A source text with which Jobe's test client asks for an overload answer without a run. */
  static final String OVERLOAD_TEST = "!** TESTING OVERLOAD EXCEPTION **!";

  static final String MISSING_FILES = "One or more of the specified files is missing/unavailable";

  private final JobeLanguages languages;
  private final Map<String, LanguageConfig> configs;
  private final JobeFiles files;
  private final BlobStore blobs;
  private final SubmissionService submissions;
  private final ResourceLimits ceilings;
  private final RunWaiter waiter;

  JobeRuns(
      JobeLanguages languages,
      Map<String, LanguageConfig> configs,
      JobeFiles files,
      BlobStore blobs,
      SubmissionService submissions,
      ResourceLimits ceilings,
      RunWaiter waiter) {
    this.languages = languages;
    this.configs = Map.copyOf(configs);
    this.files = files;
    this.blobs = blobs;
    this.submissions = submissions;
    this.ceilings = ceilings;
    this.waiter = waiter;
  }

  JobeResult run(RunSpec spec, Caller caller) {
    if (OVERLOAD_TEST.equals(spec.sourceCode())) {
      return JobeResult.overload(null);
    }
    JobeLanguages.Known language = languages.find(spec.languageId()).orElseThrow();
    List<String> ids = spec.files().stream().map(RunSpec.FileRef::id).distinct().toList();
    Map<String, JobeFiles.Stored> found = files.find(ids);
    if (found.size() < ids.size()) {
      throw new JobeException(404, MISSING_FILES);
    }
    long queuedAt = System.nanoTime();
    String id;
    try {
      id = submit(spec, language, found, caller);
    } catch (RateLimitedException e) {
      throw new JobeException(429, "Max RUN rate for this server exceeded", e.retryAfterSeconds());
    } catch (ServiceUnavailableException e) {
      LOG.warn("a Jobe run was not accepted ({}): answered overload", e.getMessage());
      return JobeResult.overload(null);
    } catch (ApiException e) {
      throw JobeException.badRequest(
          e.field() == null ? e.getMessage() : "run_spec: " + e.field() + " " + e.getMessage());
    }
    RunWaiter.Ending ending;
    try {
      ending = waiter.await(id, queuedAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JobeResult.internalError(id, "the server is stopping");
    }
    return switch (ending) {
      case RunWaiter.Finished finished -> result(id, finished.outcome(), language);
      case RunWaiter.NotStarted notStarted -> {
        LOG.warn("Submission(id={}) not started within jobe.queueWaitMs: answered overload", id);
        yield JobeResult.overload(id);
      }
      case RunWaiter.NoResult noResult -> {
        LOG.warn("Submission(id={}) started but no result within jobe.runWaitMs", id);
        yield JobeResult.internalError(id, "no result within the server's wait; retry the run");
      }
    };
  }

  private String submit(
      RunSpec spec,
      JobeLanguages.Known language,
      Map<String, JobeFiles.Stored> found,
      Caller caller) {
    String sourceName =
        spec.sourceFileName() != null ? spec.sourceFileName() : defaultFileName(language);
    List<NewSubmission.NewFile> newFiles = new ArrayList<>();
    newFiles.add(
        new NewSubmission.NewFile(sourceName, spec.sourceCode().getBytes(StandardCharsets.UTF_8)));
    Set<String> names = new LinkedHashSet<>(List.of(sourceName));
    for (RunSpec.FileRef ref : spec.files()) {
      // why: Jobe writes the program first and then each file by name; a later one of the same
      // name would overwrite, but one name cannot be two files here, so the first one stays.
      if (names.add(ref.name())) {
        byte[] content = blobs.get(found.get(ref.id()).sha256());
        newFiles.add(new NewSubmission.NewFile(ref.name(), content));
      }
    }
    NewSubmission.NewTest test =
        new NewSubmission.NewTest(spec.input().getBytes(StandardCharsets.UTF_8), null);
    NewSubmission request =
        NewSubmission.adhoc(
                language.verdictName(),
                newFiles,
                List.of(test),
                JobeLimits.of(spec.parameters(), language, ceilings))
            .withRunOptions(options(spec.parameters(), language));
    LanguageConfig config = configs.get(language.verdictName());
    if (config != null && LanguageConfig.ENTRY_FILE.equals(config.entryKind())) {
      // why: Jobe runs the program it was sent, whatever support files come with it.
      request = request.withEntryPoint(sourceName);
    }
    return submissions.submit(request, caller).id();
  }

  /**
   * The extra arguments of {@code parameters} that Jobe's task for {@code language} passes on (the
   * others it ignores, and so does this), with Jobe's default compile arguments where a run gives
   * none; and the run ends when the program does, as Jobe's runguard ends it, killing whatever the
   * program left running.
   */
  static RunOptions options(RunParameters parameters, JobeLanguages.Known language) {
    List<String> compile =
        parameters.compileArgs() != null ? parameters.compileArgs() : language.defaultCompileArgs();
    return new RunOptions(
        language.uses(JobeLanguages.ArgKind.COMPILE) ? compile : null,
        language.uses(JobeLanguages.ArgKind.LINK) ? parameters.linkArgs() : null,
        language.uses(JobeLanguages.ArgKind.INTERPRETER) ? parameters.interpreterArgs() : null,
        language.uses(JobeLanguages.ArgKind.RUN) ? parameters.runArgs() : null,
        true);
  }

  /** The name Jobe gives a program sent without {@code sourcefilename}. */
  static String defaultFileName(JobeLanguages.Known language) {
    return switch (language.jobeId()) {
      case "c" -> "prog.c";
      case "cpp" -> "prog.cpp";
      case "java" -> "prog.java";
      case "nodejs" -> "prog.js";
      case "octave" -> "prog.m";
      case "pascal" -> "prog.pas";
      case "php" -> "prog.php";
      default -> "prog.py";
    };
  }

  /** Jobe's answer for a finished run of {@code language}. */
  static JobeResult result(String id, GradingOutcome outcome, JobeLanguages.Known language) {
    TestResult test = outcome.tests().isEmpty() ? null : outcome.tests().get(0);
    JobeOutcome jobe = JobeOutcome.of(outcome, test);
    if (jobe == JobeOutcome.COMPILATION_ERROR && !language.checkedBeforeRun()) {
      // why: Jobe runs these languages without a compile step, so a syntax error is what the
      // runtime writes to stderr when it starts: a runtime error there.
      return new JobeResult(id, JobeOutcome.RUNTIME_ERROR.code, "", "", outcome.compileOutput());
    }
    return switch (jobe) {
      case COMPILATION_ERROR -> new JobeResult(id, jobe.code, outcome.compileOutput(), "", "");
      case INTERNAL_ERROR ->
          JobeResult.internalError(id, "the grader failed to run the job; retry the run");
      // why: Jobe drops what a program wrote to stderr when it hit its time limit.
      case TIME_LIMIT -> new JobeResult(id, jobe.code, "", test.stdout(), "");
      default -> new JobeResult(id, jobe.code, "", test.stdout(), test.stderr());
    };
  }
}
