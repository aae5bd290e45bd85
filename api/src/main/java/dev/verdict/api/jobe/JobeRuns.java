package dev.verdict.api.jobe;

import dev.verdict.api.access.Caller;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import java.util.List;
import java.util.Map;
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
  private final JobeFiles files;
  private final RunWaiter waiter;

  JobeRuns(JobeLanguages languages, JobeFiles files, RunWaiter waiter) {
    this.languages = languages;
    this.files = files;
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
    String id = submit(spec, language, found, caller);
    RunWaiter.Ending ending;
    try {
      ending = waiter.await(id, queuedAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JobeResult.internalError(id, "the server is stopping");
    }
    return switch (ending) {
      case RunWaiter.Finished finished -> result(id, finished.outcome());
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
    throw new JobeException(501, "runs: not served by this server yet");
  }

  /** Jobe's answer for a finished run. */
  static JobeResult result(String id, GradingOutcome outcome) {
    TestResult test = outcome.tests().isEmpty() ? null : outcome.tests().get(0);
    JobeOutcome jobe = JobeOutcome.of(outcome, test);
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
