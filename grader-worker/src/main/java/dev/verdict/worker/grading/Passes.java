package dev.verdict.worker.grading;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.Verdict;
import dev.verdict.worker.checker.CheckResult;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One test of a problem whose validator takes part in the run: interactive (the validator talks to
 * the submission while both run, docs/problems.md §8) and/or multi-pass (the validator's {@code
 * nextpass.in} is the next pass's input, the submission running afresh each pass, §9).
 */
final class Passes {
  static final String NEXT_PASS = "nextpass.in";

  /**
   * What the test came to.
   *
   * @param run the last pass's run of the submission
   * @param cpuTimeMs the largest CPU time of the passes
   * @param check the validator's last judgement, or null when no validator verdict was asked for
   */
  record Outcome(Verdict verdict, RunResult run, double cpuTimeMs, CheckResult check) {}

  private final Sandbox sandbox;
  private final RunBoxes boxes;
  private final Sandbox peer;
  private final ExecutorService peerThread;

  /**
   * @param peer the sandbox an interactive validator runs in, beside {@code sandbox}; null when
   *     this worker has none (interactive tests are then a judge error)
   */
  Passes(Sandbox sandbox, RunBoxes boxes, Sandbox peer, ExecutorService peerThread) {
    this.sandbox = sandbox;
    this.boxes = boxes;
    this.peer = peer;
    this.peerThread = peerThread;
  }

  /**
   * Runs every pass of a test.
   *
   * @param scratch a directory of the worker's own for the passes' inputs and pipes
   * @param allowWriting each pass gets a fresh writable copy of {@code dir} ({@link RunBoxes})
   */
  Outcome run(
      TestCase test,
      Path input,
      Language language,
      ValidatorJudge judge,
      List<String> command,
      ResourceLimits runLimits,
      Path dir,
      Path scratch,
      boolean interactive,
      int maxPasses,
      boolean allowWriting) {
    if (interactive && peer == null) {
      return new Outcome(
          Verdict.INTERNAL_ERROR,
          null,
          0,
          CheckResult.judgeError("this worker has no sandbox for interactive validators"));
    }
    try {
      Grader.deleteTree(scratch);
      Files.createDirectories(scratch);
      judge.begin(test, input);
      Path passInput = input;
      double cpu = 0;
      for (int pass = 1; ; pass++) {
        Outcome outcome;
        try (RunBoxes.Box box = boxes.open(dir, allowWriting)) {
          outcome =
              interactive
                  ? interactivePass(
                      test, passInput, language, judge, command, runLimits, box, scratch)
                  : pass(test, passInput, language, judge, command, runLimits, box, scratch);
        }
        cpu = Math.max(cpu, outcome.run() == null ? 0 : outcome.run().cpuTimeMs());
        Path next = judge.feedback().resolve(NEXT_PASS);
        boolean hasNext = maxPasses > 1 && Files.exists(next, LinkOption.NOFOLLOW_LINKS);
        if (hasNext && outcome.check() != null && !outcome.check().accepted()) {
          return new Outcome(
              Verdict.INTERNAL_ERROR,
              outcome.run(),
              cpu,
              CheckResult.judgeError("the validator wrote nextpass.in and did not accept (42)"));
        }
        if (outcome.verdict() != Verdict.ACCEPTED || !hasNext) {
          return new Outcome(outcome.verdict(), outcome.run(), cpu, outcome.check());
        }
        if (pass >= maxPasses) {
          return new Outcome(
              Verdict.INTERNAL_ERROR,
              outcome.run(),
              cpu,
              CheckResult.judgeError(
                  "the validator asked for more passes than validation_passes ("
                      + maxPasses
                      + ")"));
        }
        passInput = scratch.resolve("pass-" + (pass + 1) + ".in");
        Files.move(next, passInput, StandardCopyOption.REPLACE_EXISTING);
        judge.nextInput(passInput);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the passes of " + test.name(), e);
    } finally {
      judge.end();
      Grader.deleteTree(scratch);
    }
  }

  private Outcome pass(
      TestCase test,
      Path input,
      Language language,
      ValidatorJudge judge,
      List<String> command,
      ResourceLimits runLimits,
      RunBoxes.Box box,
      Path scratch)
      throws IOException {
    RunResult run =
        sandbox.run(
            new RunRequest(
                command,
                box.dir(),
                box.writable(),
                input,
                runLimits,
                language.readOnlyPaths(),
                Map.of()));
    AtomicReference<CheckResult> checked = new AtomicReference<>();
    Path teamOutput = scratch.resolve("team_output");
    Verdict verdict =
        Verdicts.of(
            run,
            language,
            () -> {
              try {
                Files.write(teamOutput, run.stdout());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              CheckResult result =
                  ValidatorJudge.interpretUnchecked(
                      sandbox.run(judge.request(test, teamOutput, judge.limits())),
                      judge.feedback(),
                      judge.scoreFile());
              checked.set(result);
              return result;
            });
    return new Outcome(verdict, run, run.cpuTimeMs(), checked.get());
  }

  private Outcome interactivePass(
      TestCase test,
      Path input,
      Language language,
      ValidatorJudge judge,
      List<String> command,
      ResourceLimits runLimits,
      RunBoxes.Box box,
      Path scratch)
      throws IOException {
    // why: the pair has one wall-clock limit, twice the submission's (docs/problems.md §8); the
    // validator's own is a little longer, so that at the limit the submission is the one stopped.
    long pairWallMs = 2 * runLimits.wallTimeMs();
    ResourceLimits submissionLimits = runLimits.withTime(runLimits.timeLimitMs(), pairWallMs);
    ResourceLimits validatorLimits =
        judge.limits().withTime(judge.limits().timeLimitMs(), pairWallMs + 2_000);
    Path pipes = scratch.resolve("pipes");
    InteractiveRun.Pair pair =
        InteractiveRun.run(
            pipes,
            sandbox,
            new RunRequest(
                command,
                box.dir(),
                box.writable(),
                null,
                submissionLimits,
                language.readOnlyPaths(),
                Map.of()),
            peer,
            judge.request(test, null, validatorLimits),
            peerThread);
    Grader.deleteTree(pipes);
    RunResult run = pair.submission();
    RunResult validator = pair.validator();
    CheckResult check = ValidatorJudge.interpret(validator, judge.feedback(), judge.scoreFile());
    boolean submissionTimedOut =
        run.termination() == Termination.CPU_TIME_LIMIT
            || run.termination() == Termination.WALL_TIME_LIMIT;
    // rule 1: the validator's failure is the judge's, unless it was only stopped at the pair's
    // limit because the submission ran out of time.
    if (check.judgeError()
        && !(validator.termination() == Termination.WALL_TIME_LIMIT && submissionTimedOut)) {
      return new Outcome(Verdict.INTERNAL_ERROR, run, run.cpuTimeMs(), check);
    }
    // rule 2: a rejection that came first stands, whatever the submission did afterwards.
    if (pair.validatorFirst() && !check.judgeError() && !check.accepted()) {
      return new Outcome(Verdict.WRONG_ANSWER, run, run.cpuTimeMs(), check);
    }
    // rules 3-7: the submission's own limits and exit, then the validator's judgement.
    Verdict verdict = Verdicts.of(run, language, () -> check);
    if (verdict == Verdict.OUTPUT_LIMIT_EXCEEDED) {
      verdict = Verdict.RUNTIME_ERROR;
    }
    return new Outcome(verdict, run, run.cpuTimeMs(), check);
  }
}
