package dev.verdict.worker.grading;

import dev.verdict.common.blob.Sha256;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SourceFileNames;
import dev.verdict.common.message.TestCase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the worker checks of a task before any of it reaches the disk: the API checks the same, but
 * whoever can publish to the task queue can bypass the API, and the worker runs as root. Every name
 * the worker may turn into a path must be a plain name: the submission id, every file name (the
 * submission's and the validator's), and every SHA-256 that names a file of the cache.
 */
public final class TaskCheck {
  /** Submission ids: the API's UUIDs, and the shorter ids of tests and tools. */
  private static final Pattern SUBMISSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** How much of a bad value a message quotes. */
  private static final int QUOTE = 40;

  private TaskCheck() {}

  /** Why the task must not be graded, naming the field; null when it may be. */
  public static String problem(GradingTask task) {
    if (task.submissionId() == null || !SUBMISSION_ID.matcher(task.submissionId()).matches()) {
      return "submissionId " + quote(task.submissionId()) + " is not a submission id";
    }
    String files = filesProblem("files", task.files());
    if (files != null) {
      return files;
    }
    List<TestCase> tests = task.tests();
    for (int i = 0; i < tests.size(); i++) {
      TestCase test = tests.get(i);
      if (!Sha256.isHex(test.inputSha256())) {
        return "tests[" + i + "].inputSha256 " + quote(test.inputSha256()) + " is not a SHA-256";
      }
      // why: the cache keeps an inline input under its id and serves it to later tasks too.
      if (test.input() != null
          && !Sha256.hex(test.input().getBytes(StandardCharsets.UTF_8))
              .equals(test.inputSha256())) {
        return "tests[" + i + "].input does not hash to its inputSha256";
      }
      // why: a test without an expected answer (an ad-hoc run's) only has to run cleanly; a
      // problem's own validator always needs one.
      boolean noAnswer = test.answerSha256() == null && !task.checker().custom();
      if (!noAnswer && !Sha256.isHex(test.answerSha256())) {
        return "tests[" + i + "].answerSha256 " + quote(test.answerSha256()) + " is not a SHA-256";
      }
    }
    return filesProblem("checker.files", task.checker().files());
  }

  /**
   * @throws InvalidTaskException when the task must not be graded, saying why
   */
  public static void require(GradingTask task) {
    String problem = problem(task);
    if (problem != null) {
      throw new InvalidTaskException(problem);
    }
  }

  private static String filesProblem(String field, List<SourceFile> files) {
    for (int i = 0; i < files.size(); i++) {
      SourceFile file = files.get(i);
      String name = SourceFileNames.problem(file.name());
      if (name != null) {
        return field + "[" + i + "].name " + quote(file.name()) + " " + name;
      }
      if (file.content() == null && !Sha256.isHex(file.sha256())) {
        return field + "[" + i + "].sha256 " + quote(file.sha256()) + " is not a SHA-256";
      }
    }
    return null;
  }

  private static String quote(String value) {
    if (value == null) {
      return "(missing)";
    }
    String clipped = value.length() <= QUOTE ? value : value.substring(0, QUOTE) + "...";
    return "'" + clipped.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
