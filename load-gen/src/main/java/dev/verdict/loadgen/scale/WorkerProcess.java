package dev.verdict.loadgen.scale;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A grader worker that {@code scale} started itself. Its output goes to a log file; it counts as
 * ready when a line matches the ready pattern. {@link #close} stops this one process (by its PID,
 * SIGTERM, then SIGKILL after a grace period) and nothing else.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread logCopier;
  private final Duration stopGrace;

  private WorkerProcess(Process process, Path log, Pattern readyPattern, Duration stopGrace) {
    this.process = process;
    this.stopGrace = stopGrace;
    this.logCopier =
        Thread.ofPlatform()
            .daemon()
            .name("load-gen-worker-log-" + process.pid())
            .start(() -> copy(log, readyPattern));
  }

  static WorkerProcess start(
      List<String> command, Path log, Pattern readyPattern, Duration stopGrace) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      return new WorkerProcess(process, log, readyPattern, stopGrace);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the worker " + command + ": " + e.getMessage(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits until a line of the worker's output matched the ready pattern.
   *
   * @return false when the timeout passed or the worker exited first
   */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.await(100, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (!process.isAlive()) {
        return ready.getCount() == 0;
      }
    }
    return false;
  }

  private void copy(Path log, Pattern readyPattern) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(line);
        out.newLine();
        out.flush();
        if (ready.getCount() > 0 && readyPattern.matcher(line).find()) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // why: the pipe closes when the worker exits; what it wrote so far is in the log.
    }
  }

  /** Stops the worker: SIGTERM, then SIGKILL if it has not exited within the grace period. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      logCopier.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
