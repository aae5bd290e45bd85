package dev.verdict.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process of a test's own (a RabbitMQ node, a Redis instance) on a spare loopback port
 * with a data directory of its own, so a test may stop and restart it without disturbing the
 * machine's shared servers. Stopping signals the process this object started and waits for it and
 * every process it spawned, by their ids; {@link #close} stops it and deletes its directory,
 * always.
 */
abstract class LocalServer implements AutoCloseable {
  private final String name;
  protected final Path dir;
  protected final int port;
  private Process process;
  private List<ProcessHandle> tree = List.of();

  protected LocalServer(String name) {
    this.name = name;
    try {
      this.dir = Files.createTempDirectory("verdict-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.port = sparePort();
    // why: a test run cut short (a timeout, a crash of the test JVM) must not leave the server
    // running; close() removes the hook again.
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  private final Thread cleanup = new Thread(this::kill, "verdict-test-server-cleanup");

  /** Starts {@code server} and returns it, or closes it (removing its directory) and throws. */
  static <T extends LocalServer> T started(T server) {
    try {
      server.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** A loopback port nobody listens on now. */
  static int sparePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port clients use, the same across restarts. */
  public int port() {
    return port;
  }

  /** The command that runs the server in the foreground. */
  protected abstract List<String> command();

  /** Environment added to the command's. */
  protected Map<String, String> environment() {
    return Map.of();
  }

  /** True once the server answers its clients. */
  protected abstract boolean answers();

  /** How long the server may take to start. */
  protected Duration startTimeout() {
    return Duration.ofSeconds(60);
  }

  /** Starts the server and returns once it answers; throws, with its log, if it does not. */
  public synchronized void start() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running");
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(command()).directory(dir.toFile());
      builder.environment().putAll(environment());
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()));
      builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e, e);
    }
    long deadline = System.nanoTime() + startTimeout().toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = log();
        stop();
        throw new IllegalStateException(
            name + " on 127.0.0.1:" + port + " did not start; its output:\n" + log);
      }
      pause();
    }
    tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Stops the server with SIGTERM, as an operator or a crash of its host would, and waits until it
   * and every process it spawned have ended (SIGKILL after 30 s).
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(tree.stream(), process.descendants()).distinct().toList();
    process.destroy();
    awaitEnd(all, Duration.ofSeconds(30));
    all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    awaitEnd(all, Duration.ofSeconds(10));
    process = null;
    tree = List.of();
  }

  /** Kills the server and what it spawned with SIGKILL: no clean shutdown at all. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(tree.stream(), process.descendants()).distinct().toList();
    all.forEach(ProcessHandle::destroyForcibly);
    awaitEnd(all, Duration.ofSeconds(10));
    process = null;
    tree = List.of();
  }

  /**
   * SIGSTOP to the server and what it spawned: it stays up, its clients stay connected, and it
   * answers nothing until {@link #thaw()} (or is killed), as a server on a host that hangs.
   */
  public synchronized void freeze() {
    signalAll("STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  public synchronized void thaw() {
    signalAll("CONT");
  }

  private void signalAll(String signal) {
    if (process == null) {
      throw new IllegalStateException(name + " is not running");
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    Stream.concat(tree.stream(), process.descendants())
        .distinct()
        .filter(ProcessHandle::isAlive)
        .forEach(handle -> command.add(Long.toString(handle.pid())));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output =
          new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitEnd(List<ProcessHandle> processes, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    for (ProcessHandle handle : processes) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        return;
      }
    }
  }

  /** The server's output so far. */
  public String log() {
    try {
      Path out = dir.resolve("out.log");
      return Files.exists(out) ? Files.readString(out) : "(no output)";
    } catch (IOException e) {
      return "(unreadable output: " + e + ")";
    }
  }

  /** True if something accepts TCP connections on the port. */
  protected boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause() {
    // why: a poll interval while waiting for a process to come up, not a synchronisation.
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a server was starting", e);
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // why: the JVM is already shutting down, and the hook itself kills the server.
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // why: the directory is under the temp dir; a leftover file there harms no other test.
      }
    }
  }
}
