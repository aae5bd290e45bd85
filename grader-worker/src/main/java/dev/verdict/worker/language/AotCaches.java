package dev.verdict.worker.language;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.language.training.JudgeTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM ahead-of-time caches of the languages with {@code aotCache: true}: each holds the JDK's
 * classes that judge programs load, already parsed and linked, with the lambda forms and string
 * concatenations they use, so that a run's JVM maps them instead of loading them from the JDK's
 * modules (about 15 ms less CPU time for a Scanner-based program; docs/benchmarks.md).
 *
 * <p>A cache is made by running {@link JudgeTraining} with the language's own run command and the
 * JVM's {@code -XX:AOTCacheOutput}, outside any sandbox (it is the worker's program on the worker's
 * JDK), so its JVM options (collector, compressed pointers) are the runs'. It is kept under a name
 * made from the JDK's files and that command, and made again only when either changes. The
 * program's own classes come from a folder, which the JVM leaves out of the cache: a cache holds
 * nothing but the JDK's classes, so a run's behaviour is the JDK's as without it. A run is started
 * with it only when it exists, with the JVM's messages about it off, so a cache the JVM cannot use
 * (another JDK build, options that do not fit) makes that run start as it would without one.
 */
public final class AotCaches {
  private static final Logger LOG = LoggerFactory.getLogger(AotCaches.class);
  private static final String INPUT = "3 4\nhello 2.5\n1 2 3\nfoo bar 7\n";
  private static final long BUILD_TIMEOUT_SECONDS = 120;

  private AotCaches() {}

  /** The JVM options that start a run with {@code cache}: right after the {@code java} program. */
  public static List<String> runOptions(Path cache) {
    // why: the JVM reports a cache it cannot use on stdout, which is the program's output.
    return List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off");
  }

  /**
   * Finds or makes the cache of every language that asks for one, and makes its runs use it. A
   * language whose cache cannot be made (a JDK before 25, a run command that is not a JVM's) runs
   * without one, with a warning.
   *
   * @param dir where the caches are kept, across worker starts; readable by the sandboxes' uids
   * @param runLimits the limits whose memory the training run's heap is derived from
   */
  public static void prepare(Languages languages, Path dir, ResourceLimits runLimits) {
    for (Language language : languages.all().values()) {
      if (!language.config().aotCache()) {
        continue;
      }
      try {
        Path cache = findOrBuild(language, dir, runLimits);
        language.useAotCache(cache);
        LOG.info("Language {} runs with the ahead-of-time cache {}", language.name(), cache);
      } catch (IOException e) {
        LOG.warn(
            "Language {} runs without an ahead-of-time cache: {}", language.name(), e.getMessage());
      }
    }
  }

  /**
   * The cache of {@code language}, made now unless one for the same JDK and run command exists.
   *
   * @throws IOException when it cannot be made
   */
  public static Path findOrBuild(Language language, Path dir, ResourceLimits runLimits)
      throws IOException {
    List<String> command = trainingCommand(language, runLimits);
    Path cache = dir.resolve(language.name() + "-" + key(command) + ".aot");
    if (Files.isRegularFile(cache)) {
      return cache;
    }
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path work = Files.createTempDirectory(dir, language.name() + "-training-");
    try {
      Path classes = Files.createDirectories(work.resolve("classes"));
      PackageClasses.copyTo(JudgeTraining.class, classes);
      Path input = Files.writeString(work.resolve("input.txt"), INPUT);
      Path made = work.resolve("cache.aot");
      Path log = work.resolve("training.log");
      List<String> training = new ArrayList<>(command);
      training.add(1, "-XX:AOTCacheOutput=" + made);
      ProcessBuilder builder =
          new ProcessBuilder(training)
              .directory(classes.toFile())
              .redirectInput(input.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // why: options in the environment (JAVA_TOOL_OPTIONS) would go into the cache's JVM too.
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> !name.equals("PATH"));
      Process process = builder.start();
      boolean ended;
      try {
        ended = process.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ended = false;
      }
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException("training did not end within " + BUILD_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0 || !Files.isRegularFile(made)) {
        throw new IOException(
            "training exited with "
                + process.exitValue()
                + ": "
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
      }
      Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-r--r--"));
      try {
        Files.move(made, cache, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(made, cache, StandardCopyOption.REPLACE_EXISTING);
      }
      return cache;
    } finally {
      deleteTree(work);
    }
  }

  /** The run command of the training program, as a run of the language would be started. */
  static List<String> trainingCommand(Language language, ResourceLimits runLimits) {
    String main = JudgeTraining.class.getName();
    SourceLayout layout =
        new SourceLayout(Map.of(), List.of(), main.substring(main.lastIndexOf('.') + 1), main);
    List<String> command = new ArrayList<>(language.runCommand(layout, runLimits));
    Path cache = language.aotCache();
    if (cache != null) {
      command.removeAll(runOptions(cache));
    }
    return command;
  }

  /**
   * Names a cache by what makes it valid: the command (the JDK's {@code java} and the options), the
   * JDK's files it was made from, and the training program.
   */
  private static String key(List<String> command) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    digest.update(String.join("\0", command).getBytes(StandardCharsets.UTF_8));
    Path java = Path.of(command.getFirst()).toRealPath();
    Path home = java.getParent().getParent();
    for (Path part :
        List.of(java, home.resolve("lib/modules"), home.resolve("lib/server/libjvm.so"))) {
      if (Files.exists(part)) {
        digest.update(
            (part + "\0" + Files.size(part) + "\0" + Files.getLastModifiedTime(part))
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    String resource = "/" + JudgeTraining.class.getName().replace('.', '/') + ".class";
    try (var in = JudgeTraining.class.getResourceAsStream(resource)) {
      if (in != null) {
        digest.update(in.readAllBytes());
      }
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 8);
  }

  private static String tail(String text) {
    String stripped = text.strip();
    return stripped.length() <= 2_000 ? stripped : stripped.substring(stripped.length() - 2_000);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.toString());
    }
  }
}
