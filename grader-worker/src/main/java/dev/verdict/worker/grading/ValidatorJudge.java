package dev.verdict.worker.grading;

import dev.verdict.common.limits.ResourceLimits;
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

  ValidatorJudge(
      Validators.Validator validator,
      Sandbox sandbox,
      int uid,
      FileCache cache,
      Path checkDir,
      ResourceLimits limits,
      List<String> flags) {
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
      return interpret(result, feedback);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the validator run in " + checkDir, e);
    } finally {
      Grader.deleteTree(checkDir);
    }
  }

  private static CheckResult interpret(RunResult result, Path feedback) throws IOException {
    String message = read(feedback.resolve("judgemessage.txt"));
    if (result.termination() == Termination.EXITED) {
      if (result.exitCode() == ACCEPTED) {
        return CheckResult.ok();
      }
      if (result.exitCode() == WRONG_ANSWER) {
        return CheckResult.wrong(message.isEmpty() ? "the validator rejected the output" : message);
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
