package dev.verdict.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A worker host on this machine, made by {@code bench/hosts.sh}: a network namespace of its own,
 * joined to this one by a veth pair, from which the broker, Redis and MongoDB are reached over the
 * link (10.231.I.1) as from another machine, never over this machine's loopback. Its workers are
 * separate JVMs pinned to the host's cores, with the host's own name and identity.
 */
final class WorkerHost implements AutoCloseable {
  private static final Path SCRIPT =
      Path.of("..", "bench", "hosts.sh").toAbsolutePath().normalize();

  private final int index;
  private final Path logs;

  private WorkerHost(int index, Path logs) {
    this.index = index;
    this.logs = logs;
  }

  /** Makes host {@code index} with relays to {@code ports} of this machine's loopback. */
  static WorkerHost add(int index, Path logs, int... ports) {
    run(List.of("remove", Integer.toString(index)));
    List<String> args = new ArrayList<>(List.of("add", Integer.toString(index)));
    for (int port : ports) {
      args.add(Integer.toString(port));
    }
    run(args);
    return new WorkerHost(index, logs);
  }

  /** The address at which this host reaches the stores. */
  String link() {
    return "10.231." + index + ".1";
  }

  /** The name this host's workers put in their ids. */
  String name() {
    return "verdict-h" + index;
  }

  /**
   * Starts a grader worker in this host on {@code cpus} with the given {@code --set} settings, and
   * returns once it says it is ready.
   */
  Worker worker(String cpus, List<String> settings) {
    List<String> command =
        new ArrayList<>(List.of(SCRIPT.toString(), "worker", Integer.toString(index), cpus));
    for (String setting : settings) {
      command.add("--set");
      command.add(setting);
    }
    try {
      Path log = Files.createTempFile(logs, name() + "-worker-", ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<String> ready = new CompletableFuture<>();
      Thread reader =
          ProcessLog.follow(
              process, log, line -> line.contains(" ready"), ready, "the worker in " + name());
      ready.get(120, TimeUnit.SECONDS);
      return new Worker(process, log, reader);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start a worker in " + name(), e);
    }
  }

  /**
   * Cuts this host off: its link goes down, its workers live on, and nothing they send arrives (no
   * reset, no close: the packets are lost, as when a cable or a switch fails).
   */
  void cut() {
    run(List.of("cut", Integer.toString(index)));
  }

  /** Brings the link back after {@link #cut}. */
  void rejoin() {
    run(List.of("rejoin", Integer.toString(index)));
  }

  @Override
  public void close() {
    run(List.of("remove", Integer.toString(index)));
  }

  private static void run(List<String> args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(args);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(Path.of("/dev/null").toFile())
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A worker process in a host. */
  record Worker(Process process, Path log, Thread reader) implements AutoCloseable {
    /** SIGKILL: the worker dies mid-run, as on a crash or a lost machine. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
      reader.join();
    }

    /** SIGTERM: the worker stops taking tasks, finishes the one it runs, and exits. */
    int stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the worker did not stop within 90 s; see " + log);
      }
      // why: the log is complete once its reader has seen the end of the output.
      reader.join();
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }
  }
}
