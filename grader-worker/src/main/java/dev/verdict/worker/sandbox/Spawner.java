package dev.verdict.worker.sandbox;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A slot's spawner: one long-lived {@code verdict-launch --serve} process that starts each run of
 * the slot, so that the worker creates no process per run. Starting a process from Java costs a
 * fork and an exec of the JDK's {@code jspawnhelper} before the launcher's own exec; the spawner, a
 * small static program, only forks. The run's stdout and stderr come back through the spawner as
 * frames (see grader-worker/src/main/c/spawner.c for the protocol), followed by the exit status.
 *
 * <p>One run at a time. The spawner dies with the thread that started it (a parent-death signal
 * follows the thread), so a run from another thread than the last one starts a new spawner: use it
 * from long-lived platform threads. A spawner found dead before a run is started again; one lost
 * during a run fails that run as a retryable {@link SandboxException}.
 */
final class Spawner implements AutoCloseable {
  private final Path launcher;
  private Process process;
  private Thread owner;
  private OutputStream requests;
  private DataInputStream frames;

  Spawner(Path launcher) {
    this.launcher = launcher;
  }

  /**
   * Starts one run.
   *
   * @param args the launcher's arguments for the run, without the program name
   */
  synchronized Launched start(List<String> args, BoundedOutput stdout, BoundedOutput stderr)
      throws IOException {
    byte[] request = request(args);
    // why: the spawner dies with the thread that started it, so it must be the thread that runs;
    // a slot's first run may come from another thread (the start-up self-test) than the rest.
    if (process == null || !process.isAlive() || owner != Thread.currentThread()) {
      open();
    }
    try {
      send(request);
    } catch (IOException brokenPipe) {
      // why: a spawner killed a moment ago still looks alive until its exit is collected, but its
      // pipe is already broken; once it is seen gone, a new one takes the run.
      if (!ended(process)) {
        throw brokenPipe;
      }
      open();
      send(request);
    }
    DataInputStream in = frames;
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread reader =
        Thread.ofVirtual()
            .name("sandbox-spawner-frames")
            .start(() -> readFrames(in, stdout, stderr, exit));
    return new Spawned(exit, reader);
  }

  private void send(byte[] request) throws IOException {
    requests.write(request);
    requests.flush();
  }

  /** Whether {@code spawner} has ended, or ends within a second. */
  private static boolean ended(Process spawner) {
    try {
      return spawner.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static byte[] request(List<String> args) {
    StringBuilder out = new StringBuilder().append(args.size()).append('\0');
    for (String arg : args) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("an argument holds a NUL byte: " + arg);
      }
      out.append(arg).append('\0');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void open() throws IOException {
    close();
    ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--serve");
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    process = builder.start();
    owner = Thread.currentThread();
    requests = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
    frames = new DataInputStream(process.getInputStream());
  }

  private void readFrames(
      DataInputStream in,
      BoundedOutput stdout,
      BoundedOutput stderr,
      CompletableFuture<Integer> exit) {
    byte[] buffer = new byte[64 * 1024];
    try {
      for (; ; ) {
        int type = in.readUnsignedByte();
        int length = in.readInt();
        if (type == 'x' && length == 4) {
          exit.complete(in.readInt());
          return;
        }
        if ((type != 'o' && type != 'e') || length < 0 || length > buffer.length) {
          throw new IOException("malformed frame from the spawner: type " + type + ", " + length);
        }
        in.readFully(buffer, 0, length);
        (type == 'o' ? stdout : stderr).accept(buffer, 0, length);
      }
    } catch (IOException e) {
      exit.completeExceptionally(
          new SandboxException("the sandbox's spawner was lost during a run: " + e, true, e));
    }
  }

  /** The spawner's pid while it runs, else -1. */
  synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    try {
      requests.close();
    } catch (IOException e) {
      // why: closing its stdin only asks the spawner to end; it is killed below either way.
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** A run in the spawner: ended when its exit frame was read. */
  private record Spawned(CompletableFuture<Integer> exit, Thread reader) implements Launched {
    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      // why: joining the reader, not a timed get of the future, which throws on every timeout.
      if (!reader.join(Duration.ofNanos(unit.toNanos(timeout)))) {
        return false;
      }
      try {
        exit.join();
        return true;
      } catch (CompletionException e) {
        throw (SandboxException) e.getCause();
      }
    }

    @Override
    public void waitFor() throws InterruptedException {
      reader.join();
      waitFor(0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void drain() throws InterruptedException {
      reader.join();
    }

    @Override
    public int exitCode() {
      return exit.join();
    }
  }
}
