package dev.verdict.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Verdict component (api, dispatcher, grader-worker, mongo-standin) as an operating-system
 * process of its own, run from the jar the reactor built ({@code
 * <module>/target/<module>-*-all.jar}), so a test can kill it with SIGKILL by its pid, stop it with
 * SIGSTOP, and start another in its place. Its output goes to a log that outlives the test (under
 * {@code target/components}).
 */
final class Component implements AutoCloseable {
  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final Pattern API_PORT = Pattern.compile("API listening on http://[^:]+:(\\d+)");

  final String module;
  final Process process;
  final Path log;
  private final Thread reader;
  private final CompletableFuture<String> ready;

  private Component(
      String module, Process process, Path log, Thread reader, CompletableFuture<String> ready) {
    this.module = module;
    this.process = process;
    this.log = log;
    this.reader = reader;
    this.ready = ready;
  }

  /**
   * Starts {@code module}'s jar with {@code --set} for each of {@code settings} and {@code args}
   * after them, and returns once it logs that it is ready.
   */
  static Component start(String module, List<String> settings, String... args) {
    return start(module, List.of(), settings, args);
  }

  /** As {@link #start(String, List, String...)}, with {@code jvmOptions} added to the JVM's. */
  static Component start(
      String module, List<String> jvmOptions, List<String> settings, String... args) {
    Path jar =
        Path.of("..", module, "target", module + "-" + VERSION + "-all.jar")
            .toAbsolutePath()
            .normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the reactor builds it in `package`");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    for (String setting : settings) {
      command.add("--set");
      command.add(setting);
    }
    command.addAll(List.of(args));
    try {
      Path logs = Files.createDirectories(Path.of("target", "components"));
      Path log = Files.createTempFile(logs, module + "-", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(Path.of("/dev/null").toFile())
              .start();
      CompletableFuture<String> ready = new CompletableFuture<>();
      Thread reader =
          ProcessLog.follow(process, log, line -> isReadyLine(module, line), ready, module);
      Component component = new Component(module, process, log, reader, ready);
      try {
        ready.get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        try {
          component.close();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        // why: the first line of the message is all a CI summary shows; the log's last line is
        // usually the error the component ended with.
        String why =
            e instanceof TimeoutException
                ? "not ready within 120 s"
                : "it ended before it was ready";
        throw new IllegalStateException(
            "cannot start "
                + module
                + ": "
                + why
                + "; its log ends: "
                + lastLine(log)
                + " ("
                + log
                + ")",
            e);
      }
      return component;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + module, e);
    }
  }

  /**
   * The last line of {@code log} that is neither blank nor a stack frame (a start-up failure's
   * message, or the line of the exception it ended with), or "(empty)".
   */
  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("at ") && !line.startsWith("... ")) {
          return line;
        }
      }
      return "(empty)";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static boolean isReadyLine(String module, String line) {
    return switch (module) {
      case "api" -> API_PORT.matcher(line).find();
      case "dispatcher" -> line.contains("Dispatcher ready");
      case "mongo-standin" -> line.contains("MongoDB stand-in listening on");
      default -> line.contains(" ready");
    };
  }

  long pid() {
    return process.pid();
  }

  /** The API's port, read from its ready line; only for the api. */
  int apiPort() {
    Matcher matcher = API_PORT.matcher(ready.join());
    if (!matcher.find()) {
      throw new IllegalStateException("not the api: " + module);
    }
    return Integer.parseInt(matcher.group(1));
  }

  /** SIGKILL by pid: no shutdown hook, no clean-up, as on a crash or an OOM kill. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join();
  }

  /** SIGTERM: the component finishes what it holds, cleans up and exits; returns its status. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      throw new IllegalStateException(module + " did not stop within 90 s; see " + log);
    }
    reader.join();
    return process.exitValue();
  }

  /** SIGSTOP: the JVM is frozen, alive, holding its connections and its unacknowledged tasks. */
  void freeze() {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze}. */
  void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal " + module, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The component's output so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      // why: SIGKILL, not SIGTERM: it ends a frozen JVM too, without a SIGCONT first, and a
      // process that ended meanwhile (one that failed to start) is nothing to signal.
      process.destroyForcibly();
    }
    process.waitFor();
    reader.join();
  }
}
