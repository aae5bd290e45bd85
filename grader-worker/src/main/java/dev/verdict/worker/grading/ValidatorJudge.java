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
      Grader.deleteTree(checkDir);
      Files.createDirectories(checkDir);
      Validators.linkInto(validator.dir(), checkDir);
      Validators.linkInto(input, checkDir.resolve("input"));
      Validators.linkInto(cache.path(test.answerSha256()), checkDir.resolve("answer"));
      Path teamOutput = checkDir.resolve("team_output");
      Files.write(teamOutput, output);
      Path feedback = Files.createDirectories(checkDir.resolve("feedback"));
      Ownership.give(feedback, uid);
      Ownership.give(checkDir, uid);
      List<String> command = new ArrayList<>(validator.command());
      command.addAll(List.of("input", "answer", "feedback/"));
      command.addAll(flags);
      command.addAll(test.extraValidatorArgs());
      RunResult result =
          sandbox.run(
              new RunRequest(
                  command,
                  checkDir,
                  true,
                  teamOutput,
                  limits,
                  validator.readOnlyPaths(),
                  Map.of()));
      return interpret(result, feedback, scoreFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the validator run in " + checkDir, e);
    } finally {
      Grader.deleteTree(checkDir);
    }
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
        if (hasScore || hasMultiplier) {
          return CheckResult.judgeError("the validator wrote a score with a wrong answer (43)");
        }
        return CheckResult.wrong(message.isEmpty() ? "the validator rejected the output" : message);
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
