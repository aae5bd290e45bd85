package dev.verdict.worker.grading;

import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a submission and an interactive problem's output validator at the same time, each in its own
 * sandbox, the validator's standard output being the submission's standard input and the other way
 * round (docs/problems.md §8). The two talk through named pipes in a directory both sandboxes see
 * read-only ({@link RunRequest#pipes()}); each program's ends are opened inside its sandbox by
 * {@code sh}, so neither sandbox needs to know about the other, and no host path shows as either
 * program's standard input or output.
 *
 * <p>The worker holds an end of each pipe open for reading and writing, so that who exited first is
 * decided without races: a program sees end-of-file only once its peer has been reaped and the
 * worker lets go of that pipe. After the submission is gone, what the validator still writes is
 * drained, so the validator never dies of a broken pipe; after the validator is gone, the
 * submission's input ends, and unless the validator accepted, its writes fail with a broken pipe.
 */
final class InteractiveRun {
  private static final String TO_SUBMISSION = "to-submission";
  private static final String TO_VALIDATOR = "to-validator";

  /**
   * What the pair did.
   *
   * @param validatorFirst the validator ended before the submission did
   */
  record Pair(RunResult submission, RunResult validator, boolean validatorFirst) {}

  private InteractiveRun() {}

  /**
   * Runs both to their end. The submission runs on the calling thread, the validator on {@code
   * peerThread} (a long-lived platform thread, as {@link Sandbox#run} needs).
   *
   * @param pipes an empty directory, readable by the sandbox uid, for the two named pipes
   * @param submission the submission's run, without stdin (the pipe is given here)
   * @param validator the validator's run, without stdin
   */
  static Pair run(
      Path pipes,
      Sandbox submissionSandbox,
      RunRequest submission,
      Sandbox validatorSandbox,
      RunRequest validator,
      ExecutorService peerThread) {
    Path toSubmission = pipes.resolve(TO_SUBMISSION);
    Path toValidator = pipes.resolve(TO_VALIDATOR);
    makeFifos(pipes, toSubmission, toValidator);
    try (Held toSub = Held.open(toSubmission);
        Held toVal = Held.open(toValidator)) {
      RunRequest sub = wired(submissionSandbox, submission, TO_SUBMISSION, TO_VALIDATOR, pipes);
      RunRequest val = wired(validatorSandbox, validator, TO_VALIDATOR, TO_SUBMISSION, pipes);
      CompletableFuture<RunResult> validatorDone =
          CompletableFuture.supplyAsync(() -> validatorSandbox.run(val), peerThread);
      // why: the reactions to one end's exit must not wait for the other, so they hang on the
      // futures; the submission's run itself stays on this (long-lived) thread.
      CompletableFuture<Boolean> validatorFirst = new CompletableFuture<>();
      validatorDone.whenComplete(
          (result, error) -> {
            validatorFirst.complete(true);
            if (result != null
                && result.exitCode() == ValidatorJudge.ACCEPTED
                && result.termination() == dev.verdict.worker.sandbox.Termination.EXITED) {
              toVal.drain();
            } else {
              toVal.close();
            }
            toSub.close();
          });
      RunResult subResult;
      try {
        subResult = submissionSandbox.run(sub);
      } finally {
        validatorFirst.complete(false);
        toVal.close();
        toSub.drain();
      }
      RunResult valResult =
          validatorDone.get(validator.limits().wallTimeMs() + 30_000, TimeUnit.MILLISECONDS);
      return new Pair(subResult, valResult, validatorFirst.getNow(false));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the validator ran", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("the validator's run failed", e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the validator's run did not end", e);
    }
  }

  /**
   * The run with its stdin read from the pipe {@code in} and its stdout written to the pipe {@code
   * out}. Where the sandbox shows the pipes at a fixed place, {@code sh} opens both there, inside
   * the sandbox, so that neither the program's descriptors nor its mounts show a host path;
   * elsewhere the sandbox feeds the input and {@code sh} opens the output at its host path.
   */
  private static RunRequest wired(
      Sandbox sandbox, RunRequest request, String in, String out, Path pipes) {
    List<String> command = new ArrayList<>();
    command.add("/bin/sh");
    command.add("-c");
    if (sandbox.showsPipes()) {
      String dir = RunRequest.PIPES + "/";
      command.add("exec \"$@\" < '" + dir + in + "' > '" + dir + out + "'");
    } else {
      command.add("exec \"$@\" > '" + pipes.resolve(out) + "'");
    }
    command.add("sh");
    command.addAll(request.command());
    List<String> readOnly = new ArrayList<>(request.readOnlyPaths());
    if (!sandbox.showsPipes()) {
      readOnly.add(pipes.toString());
    }
    return new RunRequest(
        command,
        request.workDir(),
        request.writableWorkDir(),
        sandbox.showsPipes() ? null : pipes.resolve(in),
        request.limits(),
        readOnly,
        request.env(),
        sandbox.showsPipes() ? pipes : null);
  }

  private static void makeFifos(Path pipes, Path... fifos) {
    try {
      Files.createDirectories(pipes);
      List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "666"));
      for (Path fifo : fifos) {
        Files.deleteIfExists(fifo);
        command.add(fifo.toString());
      }
      Process mkfifo = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(mkfifo.getInputStream().readAllBytes()).strip();
      if (mkfifo.waitFor() != 0) {
        throw new IOException("mkfifo failed: " + output);
      }
      // why: the sandbox uid must reach the pipes through this directory.
      Files.setPosixFilePermissions(
          pipes, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the pipes of an interactive run in " + pipes, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making pipes", e);
    }
  }

  /**
   * The worker's own end of one named pipe, opened for reading and writing (which never blocks on
   * Linux): while it is open, a reader of the pipe never sees end-of-file and a writer never a
   * broken pipe.
   */
  private static final class Held implements AutoCloseable {
    private final FileChannel channel;
    private Thread drainer;

    private Held(FileChannel channel) {
      this.channel = channel;
    }

    static Held open(Path fifo) {
      try {
        return new Held(FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + fifo, e);
      }
    }

    /** Reads and discards whatever arrives, until closed. */
    synchronized void drain() {
      if (drainer != null || !channel.isOpen()) {
        return;
      }
      drainer =
          Thread.ofPlatform()
              .name("interactive-drain")
              .daemon()
              .start(
                  () -> {
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    try {
                      while (channel.read(buffer.clear()) >= 0) {
                        // why: discarded; only keeps the writer from blocking on a full pipe.
                      }
                    } catch (IOException e) {
                      // why: closing the channel ends the drain; nothing else can fail here.
                    }
                  });
    }

    @Override
    public synchronized void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
