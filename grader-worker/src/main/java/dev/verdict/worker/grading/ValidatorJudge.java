package dev.verdict.worker.grading;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.TestCase;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.checker.CheckResult;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A problem's own output validator, run in the slot's sandbox with the Kattis conventions: {@code
 * validator input answer feedback/ [flags] < team_output}; exit 42 is accepted, 43 a wrong answer
 * (with {@code feedback/judgemessage.txt} as the message); anything else, or being stopped by a
 * limit, is a judge error, never the contestant's fault.
 */
final class ValidatorJudge implements OutputJudge {
  static final int ACCEPTED = 42;
  static final int WRONG_ANSWER = 43;
  private static final int MESSAGE_CAP = 2_000;

  private final Validators.Validator validator;
  private final Sandbox sandbox;
  private final int uid;
  private final FileCache cache;
  private final Path checkDir;
  private final ResourceLimits limits;
  private final List<String> flags;
  private final String scoreFile;

  /**
   * @param scoreFile what the validator may write as a score ({@link
   *     dev.verdict.common.message.CheckerSpec#scoreFile()})
   */
  ValidatorJudge(
      Validators.Validator validator,
      Sandbox sandbox,
      int uid,
      FileCache cache,
      Path checkDir,
      ResourceLimits limits,
      List<String> flags,
      String scoreFile) {
    this.scoreFile = scoreFile;
    this.validator = validator;
    this.sandbox = sandbox;
    this.uid = uid;
    this.cache = cache;
    this.checkDir = checkDir;
    this.limits = limits;
    this.flags = List.copyOf(flags);
  }

  @Override
  public CheckResult judge(TestCase test, Path input, byte[] output) {
    try {
      begin(test, input);
      Path teamOutput = checkDir.resolve("team_output");
      Files.write(teamOutput, output);
      RunResult result = sandbox.run(request(test, teamOutput, limits));
      return interpret(result, feedback(), scoreFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the validator run in " + checkDir, e);
    } finally {
      end();
    }
  }

  /**
   * Lays out a fresh validator directory for a test: the validator's files, the pass's input, the
   * answer and an empty feedback directory, which stays for every pass of the test.
   */
  void begin(TestCase test, Path input) throws IOException {
    Grader.deleteTree(checkDir);
    Files.createDirectories(checkDir);
    Validators.linkInto(validator.dir(), checkDir);
    copyForValidator(input, checkDir.resolve("input"));
    copyForValidator(cache.path(test.answerSha256()), checkDir.resolve("answer"));
    Path feedback = Files.createDirectories(feedback());
    Ownership.give(feedback, uid);
    Ownership.give(checkDir, uid);
  }

  /**
   * Makes {@code input} the input the validator is given from now on (a multi-pass's next pass).
   */
  void nextInput(Path input) throws IOException {
    Files.deleteIfExists(checkDir.resolve("input"));
    copyForValidator(input, checkDir.resolve("input"));
  }

  /**
   * A copy of a file the validator reads, readable by the slot's uid alone. why: not a hard link,
   * which would share the cache file's mode and owner: the cache is root's, 0600, so that no other
   * local user reads secret data, and a link would either be unreadable to the validator or widen
   * the cache's mode for everyone.
   */
  private void copyForValidator(Path source, Path target) throws IOException {
    Files.copy(source, target);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--------"));
    Ownership.give(target, uid);
  }

  /** The feedback directory of the current test. */
  Path feedback() {
    return checkDir.resolve("feedback");
  }

  /** The validator's run in the current test's directory, reading {@code stdin} (or a pipe). */
  RunRequest request(TestCase test, Path stdin, ResourceLimits runLimits) {
    List<String> command = new ArrayList<>(validator.command());
    command.addAll(List.of("input", "answer", "feedback/"));
    command.addAll(flags);
    command.addAll(test.extraValidatorArgs());
    return new RunRequest(
        command, checkDir, true, stdin, runLimits, validator.readOnlyPaths(), Map.of());
  }

  /** The checker's limits, for a validator run beside a submission. */
  ResourceLimits limits() {
    return limits;
  }

  String scoreFile() {
    return scoreFile;
  }

  /** Removes the current test's validator directory. */
  void end() {
    Grader.deleteTree(checkDir);
  }

  /**
   * The judgement of a validator's run from its exit and its feedback directory, with the score
   * file rules of docs/problems.md §5.4.
   */
  static CheckResult interpret(RunResult result, Path feedback, String scoreFile)
      throws IOException {
    String message = read(feedback.resolve("judgemessage.txt"));
    if (result.termination() == Termination.EXITED
        && (result.exitCode() == ACCEPTED || result.exitCode() == WRONG_ANSWER)) {
      boolean hasScore = Files.exists(feedback.resolve("score.txt"), LinkOption.NOFOLLOW_LINKS);
      boolean hasMultiplier =
          Files.exists(feedback.resolve("score_multiplier.txt"), LinkOption.NOFOLLOW_LINKS);
      if (result.exitCode() == WRONG_ANSWER) {
        String why = message.isEmpty() ? "the validator rejected the output" : message;
        boolean legacy =
            CheckerSpec.SCORE_REQUIRED.equals(scoreFile)
                || CheckerSpec.SCORE_LEGACY.equals(scoreFile);
        if (hasScore && !hasMultiplier && legacy) {
          // why: a legacy grader gets every test's score.txt, rejected ones included ([L]
          // "Graders"); only 2023-07 makes a score with a rejection a judge error.
          try {
            return CheckResult.wrongScored(why, number(feedback.resolve("score.txt")));
          } catch (NumberFormatException e) {
            return CheckResult.judgeError(
                "the validator's score file holds no number: " + clip(e.getMessage()));
          }
        }
        if (hasScore || hasMultiplier) {
          return CheckResult.judgeError("the validator wrote a score with a wrong answer (43)");
        }
        return CheckResult.wrong(why);
      }
      if ((hasScore || hasMultiplier) && scoreFile == null) {
        return CheckResult.judgeError(
            "the validator wrote a score, but the problem's validation gives it none");
      }
      if (hasMultiplier && !CheckerSpec.SCORE_ALLOWED.equals(scoreFile)) {
        return CheckResult.judgeError(
            "the validator wrote score_multiplier.txt, which this package version lacks");
      }
      if (!hasScore && CheckerSpec.SCORE_REQUIRED.equals(scoreFile)) {
        return CheckResult.judgeError(
            "the validator accepted without score.txt (validation: custom score)");
      }
      try {
        return CheckResult.scored(
            message,
            hasScore ? number(feedback.resolve("score.txt")) : null,
            hasMultiplier ? number(feedback.resolve("score_multiplier.txt")) : null);
      } catch (NumberFormatException e) {
        return CheckResult.judgeError(
            "the validator's score file holds no number: " + clip(e.getMessage()));
      }
    }
    String stderr = new String(result.stderr(), StandardCharsets.UTF_8).strip();
    return CheckResult.judgeError(
        "output validator failed: "
            + (result.stopReason() != null
                ? result.stopReason()
                : "exit code " + result.exitCode() + " (expected 42 or 43)")
            + (stderr.isEmpty() ? "" : ": " + clip(stderr)));
  }

  /** {@link #interpret}, with a failure to read the feedback files as unchecked. */
  static CheckResult interpretUnchecked(RunResult result, Path feedback, String scoreFile) {
    try {
      return interpret(result, feedback, scoreFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the validator's feedback in " + feedback, e);
    }
  }

  private static double number(Path file) throws IOException {
    String text = read(file);
    double value = Double.parseDouble(text.strip());
    if (!Double.isFinite(value)) {
      throw new NumberFormatException(text);
    }
    return value;
  }

  /** The start of a feedback file; a symbolic link planted there is not followed. */
  private static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MESSAGE_CAP * 4);
      return clip(new String(bytes, StandardCharsets.UTF_8).strip());
    }
  }

  private static String clip(String text) {
    return text.length() <= MESSAGE_CAP ? text : text.substring(0, MESSAGE_CAP) + "...";
  }
}
