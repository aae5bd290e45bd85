package dev.verdict.worker.compiler.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The warm compiler's own process: a JVM that stays up in the slot's sandbox and compiles one
 * submission after another with the JDK's {@code javax.tools} compiler, so that only the first
 * compile pays for loading and warming up javac.
 *
 * <p>It connects to the worker over the Unix socket named by its first argument and then answers
 * requests in order (see {@link #serve}). Each compile gets a fresh file manager and a fresh
 * compiler task over a fresh directory under {@code /tmp}, removed afterwards: javac keeps nothing
 * of one compile for the next. Annotation processing is off and the class path is empty, so javac
 * runs no code of the submission and sees no file but the submission's and the JDK's.
 *
 * <p>A compile that uses more CPU time than its request allows is answered {@link #TIME_LIMIT} and
 * the process exits; so does one that runs out of heap ({@link #MEMORY_LIMIT}) or that fails inside
 * javac ({@link #CRASHED}, the worker starts a fresh process). The process depends on nothing but
 * the JDK, because only this package's classes are visible in its sandbox.
 */
public final class CompileServer {
  /** Compiled without errors; the class files follow. */
  public static final int OK = 0;

  /** The source has errors: the compiler's output says which. */
  public static final int ERRORS = 1;

  /** The compile used more CPU time than allowed; the process exits after answering. */
  public static final int TIME_LIMIT = 2;

  /** The compile ran out of heap; the process exits after answering. */
  public static final int MEMORY_LIMIT = 3;

  /** javac itself failed (for instance its stack overflowed); the process exits after answering. */
  public static final int CRASHED = 4;

  private static final long WATCH_INTERVAL_MS = 20;
  private static final long COMPILE_STACK_BYTES = 16L * 1024 * 1024;
  private static final Pattern THROWN =
      Pattern.compile("(?m)^([A-Za-z_$][\\w$.]*(?:Error|Exception))\\b[^\\n]*\\n\\tat ");

  /** javac options that take no value, which name no file and load no code. */
  private static final Set<String> FLAGS =
      Set.of(
          "-g",
          "-g:none",
          "-nowarn",
          "-deprecation",
          "-parameters",
          "-Werror",
          "--enable-preview",
          "-Xlint",
          "-implicit:none",
          "-implicit:class");

  /** javac options followed by one value, a word or number that names no file. */
  private static final Set<String> WITH_VALUE =
      Set.of(
          "-encoding",
          "--release",
          "-source",
          "--source",
          "-target",
          "--target",
          "-Xmaxerrs",
          "-Xmaxwarns");

  private static final Pattern FLAG_WITH_SUFFIX =
      Pattern.compile("-g:[a-z,]+|-Xlint:[A-Za-z,-]+|-Xdiags:(?:compact|verbose)");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final Path scratch;
  private int compiles;

  private CompileServer(Path scratch) {
    this.scratch = scratch;
  }

  /**
   * @param args the worker's socket, then how many compiles of a small class to run first
   */
  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    CompileServer server = new CompileServer(Path.of(System.getProperty("java.io.tmpdir")));
    server.warmUp(Integer.parseInt(args[1]));
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(args[0]));
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
      System.exit(server.serve(in, out));
    }
  }

  /**
   * The first of {@code options} the warm compiler refuses, or null when it takes them all. It
   * takes only options that name no file and load no code (warnings, debug information, language
   * level, encoding): an option naming a path (an output, class, source, processor or module path)
   * or a plugin could make javac, which outlives this compile, load code or leave files for a later
   * one.
   */
  public static String refusedOption(List<String> options) {
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (FLAGS.contains(option) || FLAG_WITH_SUFFIX.matcher(option).matches()) {
        continue;
      }
      if (WITH_VALUE.contains(option)
          && i + 1 < options.size()
          && VALUE.matcher(options.get(i + 1)).matches()) {
        i++;
        continue;
      }
      return option;
    }
    return null;
  }

  private void warmUp(int times) throws IOException {
    String source =
        "import java.util.*;\n"
            + "public class Main {\n"
            + "  public static void main(String[] args) {\n"
            + "    Scanner in = new Scanner(System.in);\n"
            + "    List<Long> xs = new ArrayList<>();\n"
            + "    while (in.hasNextLong()) xs.add(in.nextLong());\n"
            + "    System.out.println(xs.stream().mapToLong(x -> x).sum());\n"
            + "  }\n"
            + "}\n";
    for (int i = 0; i < times; i++) {
      Outcome outcome =
          compile(
              List.of("-encoding", "UTF-8"),
              List.of(new SourceFile("Main.java", source.getBytes(StandardCharsets.UTF_8))),
              Long.MAX_VALUE);
      if (outcome.status() != OK) {
        throw new IllegalStateException("the warm-up compile failed: " + outcome.output());
      }
    }
  }

  /**
   * Answers requests until the worker closes the connection. A request is: the CPU time limit in
   * nanoseconds (long), the javac options (int count, then each as UTF), the source files (int
   * count, then each as UTF name, int length, bytes). An answer is: the status (int), the CPU time
   * the compile used in nanoseconds (long), javac's output (int length, UTF-8 bytes), the class
   * files (int count, then each as UTF path relative to the output directory, int length, bytes).
   *
   * @return the exit status: 0 when the worker closed the connection, else the status that ended
   *     the process
   */
  private int serve(DataInputStream in, DataOutputStream out) throws IOException {
    while (true) {
      long cpuLimitNanos;
      try {
        cpuLimitNanos = in.readLong();
      } catch (EOFException e) {
        return 0;
      }
      List<String> options = new ArrayList<>();
      int optionCount = in.readInt();
      for (int i = 0; i < optionCount; i++) {
        options.add(in.readUTF());
      }
      List<SourceFile> sources = new ArrayList<>();
      int fileCount = in.readInt();
      for (int i = 0; i < fileCount; i++) {
        String name = in.readUTF();
        byte[] content = new byte[in.readInt()];
        in.readFully(content);
        sources.add(new SourceFile(name, content));
      }
      String refused = refusedOption(options);
      Outcome outcome =
          refused == null
              ? compile(options, sources, cpuLimitNanos)
              : new Outcome(ERRORS, 0, "error: option not allowed: " + refused, List.of());
      synchronized (out) {
        write(out, outcome);
      }
      if (outcome.status() != OK && outcome.status() != ERRORS) {
        return outcome.status();
      }
    }
  }

  private static void write(DataOutputStream out, Outcome outcome) throws IOException {
    out.writeInt(outcome.status());
    out.writeLong(outcome.cpuNanos());
    byte[] text = outcome.output().getBytes(StandardCharsets.UTF_8);
    out.writeInt(text.length);
    out.write(text);
    out.writeInt(outcome.classes().size());
    for (ClassFile file : outcome.classes()) {
      out.writeUTF(file.path());
      out.writeInt(file.content().length);
      out.write(file.content());
    }
    out.flush();
  }

  private Outcome compile(List<String> options, List<SourceFile> sources, long cpuLimitNanos)
      throws IOException {
    Path dir = scratch.resolve("compile-" + ++compiles);
    Path src = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    boolean abandoned = false;
    try {
      List<Path> paths = new ArrayList<>();
      for (SourceFile source : sources) {
        Path path = src.resolve(source.name()).normalize();
        if (!path.startsWith(src) || path.equals(src)) {
          return new Outcome(ERRORS, 0, "invalid source file name: " + source.name(), List.of());
        }
        Files.createDirectories(path.getParent());
        Files.write(path, source.content());
        paths.add(path);
      }
      Attempt attempt = new Attempt(options, paths, classes);
      long cpuBefore = processCpuNanos();
      Thread compiler = new Thread(null, attempt, "javac-" + compiles, COMPILE_STACK_BYTES);
      // why: a compile stopped at its time limit is abandoned, and must not keep the process up.
      compiler.setDaemon(true);
      compiler.start();
      while (!join(compiler)) {
        if (processCpuNanos() - cpuBefore > cpuLimitNanos) {
          // why: the compile thread may still write there; the process ends right after the answer.
          abandoned = true;
          return new Outcome(TIME_LIMIT, processCpuNanos() - cpuBefore, "", List.of());
        }
      }
      long cpu = processCpuNanos() - cpuBefore;
      String output = attempt.output().replace(src + "/", "").strip();
      if (attempt.failure != null) {
        int status = attempt.failure instanceof OutOfMemoryError ? MEMORY_LIMIT : CRASHED;
        return new Outcome(status, cpu, output + "\n" + describe(attempt.failure), List.of());
      }
      if (!attempt.succeeded) {
        return new Outcome(failedStatus(output), cpu, output, List.of());
      }
      return new Outcome(OK, cpu, output, classFiles(classes));
    } finally {
      if (!abandoned) {
        deleteTree(dir);
      }
    }
  }

  private static boolean join(Thread thread) {
    try {
      return thread.join(java.time.Duration.ofMillis(WATCH_INTERVAL_MS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling", e);
    }
  }

  /** One run of javac: what the compile thread hands back to the serving thread. */
  private final class Attempt implements Runnable {
    private final List<String> options;
    private final List<Path> sources;
    private final Path classes;
    private final StringWriter text = new StringWriter();
    private volatile boolean succeeded;
    private volatile Throwable failure;

    Attempt(List<String> options, List<Path> sources, Path classes) {
      this.options = options;
      this.sources = sources;
      this.classes = classes;
    }

    @Override
    public void run() {
      try (PrintWriter out = new PrintWriter(text);
          StandardJavaFileManager files =
              javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
        files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
        files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
        files.setLocationFromPaths(StandardLocation.ANNOTATION_PROCESSOR_PATH, List.of());
        files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
        List<String> all = new ArrayList<>(options);
        all.add("-proc:none");
        Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
        succeeded = javac.getTask(out, files, null, all, null, units).call();
      } catch (Throwable t) {
        // why: whatever javac throws, the serving thread answers it and this process ends.
        failure = t;
      }
    }

    String output() {
      return text.toString();
    }
  }

  /**
   * Tells a source with errors from javac failing itself, which it reports as a failed compile with
   * its own stack trace in the output: a line naming the throwable, then a line {@code \tat ...}.
   * Nothing of the source can fake it, since javac quotes a source line only above a caret line.
   */
  private static int failedStatus(String output) {
    Matcher thrown = THROWN.matcher(output);
    if (!thrown.find()) {
      return ERRORS;
    }
    return thrown.group(1).equals("java.lang.OutOfMemoryError") ? MEMORY_LIMIT : CRASHED;
  }

  private static String describe(Throwable failure) {
    if (failure instanceof StackOverflowError) {
      return "error: the compiler ran out of stack (the source nests too deeply)";
    }
    if (failure instanceof OutOfMemoryError) {
      return "error: the compiler ran out of memory";
    }
    return "error: the compiler failed: " + failure;
  }

  private static List<ClassFile> classFiles(Path classes) throws IOException {
    List<ClassFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.add(new ClassFile(classes.relativize(path).toString(), Files.readAllBytes(path)));
      }
    }
    return files;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private record SourceFile(String name, byte[] content) {}

  private record ClassFile(String path, byte[] content) {}

  private record Outcome(int status, long cpuNanos, String output, List<ClassFile> classes) {}
}
