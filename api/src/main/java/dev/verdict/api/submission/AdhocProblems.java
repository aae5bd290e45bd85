package dev.verdict.api.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.codec.Json;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemType;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.problem.Utf8;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an ad-hoc run's tests into a problem version, so that it travels the same way as a stored
 * problem's submission: the expected outputs go to GridFS, and so do the inputs but small text
 * ones, which travel inside the version and its tasks; the version (content-addressed, so the same
 * tests and limits make the same version) to MongoDB's versions, unlisted, and the dispatcher
 * builds the grading task from it as from any other. The worker needs no change but to accept a
 * test without an expected output and to take an input that came inline.
 *
 * <p>Every ad-hoc version belongs to the problem id {@value #ID}, which no package can take
 * (problem ids start with a letter or digit), is never listed and has no current version.
 */
final class AdhocProblems {
  /** The problem id of every ad-hoc run. */
  static final String ID = GradingTask.ADHOC_PROBLEM;

  /** The prefix of an ad-hoc run's test names: {@code adhoc/1}, {@code adhoc/2}, ... */
  static final String TEST_PREFIX = "adhoc/";

  private static final int REMEMBERED = 10_000;

  // why: one mapper for every run; a new one builds its serialisers again by reflection, which
  // cost the API more CPU per Jobe run than anything else it does.
  private static final ObjectMapper JSON = Json.mapper();

  private final BlobStore blobs;
  private final ProblemStore store;
  private final int inlineInputBytes;
  // why: integrations (a CodeRunner quiz) send the same tests over and over; a version this
  // process stored once needs no MongoDB round trip again. Versions never change.
  private final Set<String> stored = ConcurrentHashMap.newKeySet();

  /**
   * @param inlineInputBytes inputs up to this size that are UTF-8 text travel inside the version
   *     and its tasks instead of GridFS ({@code api.inlineFileBytes})
   */
  AdhocProblems(BlobStore blobs, ProblemStore store, int inlineInputBytes) {
    this.blobs = blobs;
    this.store = store;
    this.inlineInputBytes = inlineInputBytes;
  }

  static boolean isAdhoc(String problemId) {
    return ID.equals(problemId);
  }

  /** Stores the tests and the version of {@code request} (an ad-hoc run); returns the version. */
  ProblemVersion store(NewSubmission request) {
    List<TestCase> tests = new ArrayList<>();
    for (int i = 0; i < request.tests().size(); i++) {
      NewSubmission.NewTest test = request.tests().get(i);
      String answer = test.expectedOutput() == null ? null : blobs.put(test.expectedOutput());
      String inline = inlined(test.input());
      String input = inline != null ? Sha256.hex(test.input()) : blobs.put(test.input());
      tests.add(new TestCase(TEST_PREFIX + (i + 1), input, answer, 1, null, inline));
    }
    ProblemVersion unversioned =
        new ProblemVersion(
            ID,
            "",
            "ad-hoc run",
            request.limits(),
            CheckerSpec.defaultChecker(),
            tests,
            false,
            ProblemType.PASS_FAIL,
            null,
            null,
            null,
            request.runOptions(),
            null,
            // why: an ad-hoc run is the submitter's own program on its own input, as on their
            // machine or in Jobe, where a program may write files beside itself.
            true,
            null);
    ProblemVersion version = unversioned.withVersion(digest(unversioned));
    if (!stored.contains(version.version())) {
      store.storeUnlisted(version);
      if (stored.size() >= REMEMBERED) {
        stored.clear();
      }
      stored.add(version.version());
    }
    return version;
  }

  /**
   * The input as text when it travels inline, else null.
   *
   * <p>why: a run's input is new almost every time (a CodeRunner question sends each test's own),
   * so in GridFS it would cost the API a store and the worker a fetch per run, for a file that no
   * other run reads again.
   */
  private String inlined(byte[] input) {
    if (input.length > inlineInputBytes) {
      return null;
    }
    try {
      return Utf8.strict(input);
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String digest(ProblemVersion unversioned) {
    try {
      return Sha256.hex(JSON.writeValueAsBytes(unversioned)).substring(0, 16);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem version always serialises", e);
    }
  }
}
