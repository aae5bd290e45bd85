package dev.verdict.worker.compiler;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.compiler.server.CompileServer;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SandboxException;
import dev.verdict.worker.sandbox.SandboxStartException;
import dev.verdict.worker.sandbox.Termination;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One slot's warm Java compiler: a {@link CompileServer} process that stays up in a sandbox of the
 * slot's own (its core, a uid of its own, no network, the language's compile memory limit, nothing
 * of the host but the JDK and the server's classes) and compiles one submission after another.
 *
 * <p>Each compile is bounded like a per-submission compile: the process stops itself when a compile
 * uses more CPU time than the compile limit, and this class kills it when a compile outlasts the
 * compile wall time. A compile that hits a limit, or fails inside javac, ends the process; the next
 * compile starts a fresh one, as does the compile after {@code worker.warmCompilerMaxCompiles}.
 * Only the submission's sources travel to the process, and only class files come back.
 *
 * <p>Not thread-safe beyond its own lock: a slot compiles one submission at a time.
 */
public final class WarmCompiler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmCompiler.class);
  private static final long SERVER_CPU_MS = 24L * 3600 * 1000;
  private static final long SERVER_WALL_MS = 30L * 24 * 3600 * 1000;
  private static final long STOP_WAIT_MS = 5_000;
  private static final long END_WAIT_MS = 60_000;

  /** How one compile ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    TIME_LIMIT,
    MEMORY_LIMIT
  }

  /**
   * What a compile produced.
   *
   * @param outcome how it ended
   * @param output javac's messages
   * @param wallTimeMs from the request sent to the answer read (or the compiler stopped)
   * @param cpuTimeMs the compiler process's CPU time during the compile
   * @param classes class file path, relative to the output directory, to content; empty unless
   *     {@link Outcome#SUCCEEDED}
   */
  public record Result(
      Outcome outcome,
      String output,
      double wallTimeMs,
      double cpuTimeMs,
      Map<String, byte[]> classes) {}

  /**
   * The compiler's process settings.
   *
   * @param java the {@code java} launcher
   * @param jvmOptions options of the compiler's JVM
   * @param readOnlyPaths host paths the JDK needs besides /usr
   * @param limits the compile limits: the memory, process and file limits hold for the compiler's
   *     process, the time limits for each compile
   * @param maxCompiles compiles after which the process is replaced
   * @param startTimeoutMs how long starting and warming up may take
   * @param warmUps compiles the process runs on itself before its first submission
   */
  public record Settings(
      String java,
      List<String> jvmOptions,
      List<String> readOnlyPaths,
      ResourceLimits limits,
      int maxCompiles,
      long startTimeoutMs,
      int warmUps) {
    public Settings {
      jvmOptions = List.copyOf(jvmOptions);
      readOnlyPaths = List.copyOf(readOnlyPaths);
    }
  }

  private final Sandbox sandbox;
  private final int uid;
  private final Path home;
  private final Settings settings;
  private final Counter starts;
  private final ExecutorService io =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("warm-compiler-io-", 0).factory());
  private Server server;

  /**
   * @param sandbox the compiler's own sandbox, on the slot's core; closed by the caller
   * @param uid the uid the sandbox runs as, which may connect to the compiler's socket
   * @param home a directory of the compiler's own, emptied here
   */
  public WarmCompiler(
      Sandbox sandbox, int uid, Path home, Settings settings, MetricRegistry metrics) {
    this.sandbox = sandbox;
    this.uid = uid;
    this.home = home;
    this.settings = settings;
    this.starts = metrics.counter("verdict.worker.warm-compiler.starts");
    try {
      ServerClasses.deleteTree(home);
      Files.createDirectories(home.resolve("socket"));
      Files.createDirectories(home.resolve("box"));
      ServerClasses.copyTo(home.resolve("classes"));
    } catch (IOException e) {
      throw new SandboxException(
          "cannot prepare the warm compiler in " + home + ": " + e, false, e);
    }
  }

  /**
   * Whether the warm compiler takes these javac options: only those that name no file and load no
   * code ({@link CompileServer#refusedOption}). A compile with others belongs in a per-submission
   * compile step, whose process ends with it.
   */
  public static boolean takes(List<String> options) {
    return CompileServer.refusedOption(options) == null;
  }

  /** How many compiler processes were started so far. */
  public long starts() {
    return starts.getCount();
  }

  /**
   * Compiles the sources with javac's options.
   *
   * @param sources file name to content, every source file of the submission
   * @param limits the compile's limits: its CPU time and wall time
   * @throws SandboxException when the compiler could not be started or stopped for no reason the
   *     sources explain (retryable)
   */
  public synchronized Result compile(
      Map<String, byte[]> sources, List<String> options, ResourceLimits limits) {
    if (server != null && (server.compiles >= settings.maxCompiles() || !server.running())) {
      stop(server);
      server = null;
    }
    if (server == null) {
      server = start();
    }
    Server current = server;
    current.compiles++;
    long started = System.nanoTime();
    CompletableFuture<Answer> answer =
        CompletableFuture.supplyAsync(() -> current.exchange(sources, options, limits), io);
    try {
      Answer reply = answer.get(limits.wallTimeMs(), TimeUnit.MILLISECONDS);
      double wallMs = (System.nanoTime() - started) / 1e6;
      if (reply.status() != CompileServer.OK && reply.status() != CompileServer.ERRORS) {
        // why: the process ends itself after such an answer; a fresh one takes the next compile.
        stop(current);
        server = null;
      }
      return reply.result(wallMs);
    } catch (TimeoutException e) {
      kill(current);
      server = null;
      return new Result(
          Outcome.TIME_LIMIT,
          "",
          (System.nanoTime() - started) / 1e6,
          limits.timeLimitMs(),
          Map.of());
    } catch (ExecutionException e) {
      server = null;
      return died(current, (System.nanoTime() - started) / 1e6, e.getCause());
    } catch (InterruptedException e) {
      kill(current);
      server = null;
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while compiling", true, e);
    }
  }

  /** The process ended in the middle of a compile: a limit of its sandbox, or no known reason. */
  private Result died(Server dead, double wallMs, Throwable cause) {
    RunResult end = dead.awaitEnd();
    if (end != null && end.termination() == Termination.MEMORY_LIMIT) {
      return new Result(Outcome.MEMORY_LIMIT, "", wallMs, end.cpuTimeMs(), Map.of());
    }
    if (end != null && end.termination() != Termination.EXITED) {
      return new Result(
          Outcome.FAILED,
          "the compiler was stopped: " + end.stopReason(),
          wallMs,
          end.cpuTimeMs(),
          Map.of());
    }
    throw new SandboxException(
        "the warm compiler stopped in the middle of a compile"
            + (end == null ? "" : " (exit " + end.exitCode() + ": " + stderr(end) + ")"),
        true,
        cause);
  }

  private Server start() {
    Path socket = home.resolve("socket").resolve("compiler.sock");
    ServerSocketChannel listener;
    try {
      Files.deleteIfExists(socket);
      listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      listener.bind(UnixDomainSocketAddress.of(socket));
      // why: only the compiler's uid may connect; the directory is visible in its sandbox only.
      Files.setAttribute(socket, "unix:uid", uid);
      Files.setAttribute(socket, "unix:gid", uid);
    } catch (IOException e) {
      throw new SandboxStartException("cannot open the warm compiler's socket " + socket, e);
    }
    starts.inc();
    Server started = new Server(socket);
    CompletableFuture<SocketChannel> accepted =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return listener.accept();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            io);
    try {
      CompletableFuture.anyOf(accepted, started.ended)
          .get(settings.startTimeoutMs(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // why: judged below, by whether the compiler connected.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close(listener);
      deleteQuietly(socket);
    }
    if (!accepted.isDone() || accepted.isCompletedExceptionally()) {
      kill(started);
      RunResult end = started.awaitEnd();
      throw new SandboxStartException(
          "the warm compiler did not start within "
              + settings.startTimeoutMs()
              + " ms"
              + (end == null
                  ? ""
                  : " (" + end.termination() + ", exit " + end.exitCode() + ": " + stderr(end))
              + ")",
          null);
    }
    started.connected(accepted.join());
    LOG.info("Warm compiler started in {} as uid {}", home, uid);
    return started;
  }

  private static String stderr(RunResult end) {
    String text = new String(end.stderr(), StandardCharsets.UTF_8).strip();
    return text.length() <= 2_000 ? text : text.substring(0, 2_000);
  }

  /** Closes the connection, so the process ends by itself; kills it if it does not. */
  private void stop(Server old) {
    old.disconnect();
    try {
      old.ended.get(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      kill(old);
    } catch (InterruptedException e) {
      kill(old);
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process: interrupting its run makes the sandbox kill every process of it. */
  private static void kill(Server old) {
    old.disconnect();
    old.thread.interrupt();
    old.awaitEnd();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      stop(server);
      server = null;
    }
    io.shutdownNow();
  }

  private static void close(ServerSocketChannel listener) {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.warn("cannot close the warm compiler's listening socket: {}", e.toString());
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", path, e.toString());
    }
  }

  /** An answer of the compiler process, as {@link CompileServer} writes it. */
  private record Answer(int status, long cpuNanos, String output, Map<String, byte[]> classes) {
    Result result(double wallMs) {
      Outcome outcome =
          switch (status) {
            case CompileServer.OK -> Outcome.SUCCEEDED;
            case CompileServer.TIME_LIMIT -> Outcome.TIME_LIMIT;
            case CompileServer.MEMORY_LIMIT -> Outcome.MEMORY_LIMIT;
            default -> Outcome.FAILED;
          };
      return new Result(
          outcome,
          output,
          wallMs,
          cpuNanos / 1e6,
          outcome == Outcome.SUCCEEDED ? classes : Map.of());
    }
  }

  /** One compiler process: the platform thread whose sandbox run it is, and its connection. */
  private final class Server {
    private final CompletableFuture<RunResult> ended = new CompletableFuture<>();
    private final Thread thread;
    private SocketChannel channel;
    private DataInputStream in;
    private DataOutputStream out;
    private int compiles;

    Server(Path socket) {
      List<String> command = new ArrayList<>();
      command.add(settings.java());
      command.addAll(settings.jvmOptions());
      command.addAll(
          List.of(
              "-cp",
              home.resolve("classes").toString(),
              CompileServer.class.getName(),
              socket.toString(),
              Integer.toString(settings.warmUps())));
      List<String> readOnly = new ArrayList<>(settings.readOnlyPaths());
      readOnly.add(home.resolve("classes").toString());
      readOnly.add(home.resolve("socket").toString());
      RunRequest request =
          new RunRequest(
              command,
              home.resolve("box"),
              false,
              null,
              settings.limits().withTime(SERVER_CPU_MS, SERVER_WALL_MS),
              readOnly,
              Map.of());
      // why: a sandboxed run dies with the thread that started it, so it gets a thread of its own
      // that lives exactly as long as the process.
      this.thread =
          Thread.ofPlatform()
              .daemon()
              .name("warm-compiler-" + home.getFileName())
              .start(
                  () -> {
                    try {
                      ended.complete(sandbox.run(request));
                    } catch (RuntimeException e) {
                      ended.completeExceptionally(e);
                    }
                  });
    }

    void connected(SocketChannel accepted) {
      this.channel = accepted;
      this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(accepted)));
      this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(accepted)));
    }

    boolean running() {
      return !ended.isDone() && channel != null && channel.isOpen();
    }

    Answer exchange(Map<String, byte[]> sources, List<String> options, ResourceLimits limits) {
      try {
        out.writeLong(limits.timeLimitMs() * 1_000_000L);
        out.writeInt(options.size());
        for (String option : options) {
          out.writeUTF(option);
        }
        out.writeInt(sources.size());
        for (var source : sources.entrySet()) {
          out.writeUTF(source.getKey());
          out.writeInt(source.getValue().length);
          out.write(source.getValue());
        }
        out.flush();
        int status = in.readInt();
        long cpuNanos = in.readLong();
        byte[] text = new byte[in.readInt()];
        in.readFully(text);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
          String path = ClassPaths.checked(in.readUTF());
          byte[] content = new byte[in.readInt()];
          in.readFully(content);
          classes.put(path, content);
        }
        return new Answer(status, cpuNanos, new String(text, StandardCharsets.UTF_8), classes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void disconnect() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.warn("cannot close the warm compiler's connection: {}", e.toString());
        }
      }
    }

    /** The run's result once the process is gone, or null when the sandbox itself failed. */
    RunResult awaitEnd() {
      try {
        return ended.get(END_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warn("the warm compiler in {} did not end within {} ms", home, END_WAIT_MS);
        return null;
      } catch (ExecutionException e) {
        LOG.warn("the warm compiler's sandbox failed: {}", e.getCause().toString());
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
