package dev.verdict.worker.sandbox;

import dev.verdict.common.blob.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds verdict-launch, the small C program that starts each sandboxed run (its sources are
 * grader-worker/src/main/c/, in the jar under {@code verdict/launch/}), with the host's gcc,
 * statically linked so that starting it costs no dynamic loading. Built once per source version
 * into {@code dir}, as root-owned 0755, and reused by every worker on the host.
 *
 * <p>Why at start-up, from sources, rather than a binary built by Maven in the jar: the jar runs on
 * any architecture and the launcher is a program of the worker's machine (its seccomp filter names
 * the machine's architecture, its system calls the machine's kernel headers); a worker's machine
 * has gcc and a static C library anyway, since it compiles C and C++ submissions. The build
 * compiles the same sources with every warning an error ({@code mvn verify}), so a warning fails
 * the build; here they are compiled without {@code -Werror}, so that a newer gcc's new warning
 * cannot stop a worker from starting.
 */
public final class LauncherBinary {
  /** The sources in the jar, in the order they are compiled; the header first. */
  static final List<String> SOURCES =
      List.of("verdict-launch.h", "common.c", "launch.c", "builtin.c", "spawner.c");

  private static final String RESOURCES = "/verdict/launch/";

  private LauncherBinary() {}

  /**
   * @return the launcher's path
   * @throws SandboxException (not retryable) when it cannot be built, e.g. without gcc or a static
   *     C library
   */
  public static Path build(Path dir, String compiler) {
    Map<String, byte[]> sources = sources();
    Path binary =
        dir.resolve("verdict-launch-" + Sha256.hex(concatenated(sources)).substring(0, 12));
    if (Files.isExecutable(binary)) {
      return binary;
    }
    try {
      Files.createDirectories(dir);
      Path src = Files.createTempDirectory(dir, "verdict-launch-");
      Path out = Files.createTempFile(dir, "verdict-launch-", ".tmp");
      try {
        List<String> gcc =
            new ArrayList<>(List.of(compiler, "-O2", "-static", "-o", out.toString()));
        for (Map.Entry<String, byte[]> source : sources.entrySet()) {
          Path file = Files.write(src.resolve(source.getKey()), source.getValue());
          if (source.getKey().endsWith(".c")) {
            gcc.add(file.toString());
          }
        }
        compile(gcc, compiler);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        // why: several workers on one host may build it at once; the rename is atomic.
        Files.move(
            out, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return binary;
      } finally {
        for (String name : sources.keySet()) {
          Files.deleteIfExists(src.resolve(name));
        }
        Files.deleteIfExists(src);
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new SandboxException("cannot build the native launcher in " + dir + ": " + e, false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while building the native launcher", false, e);
    }
  }

  private static void compile(List<String> command, String compiler)
      throws IOException, InterruptedException {
    Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
      throw new SandboxException(
          "cannot build the native launcher with " + compiler + ": " + output.strip(), false, null);
    }
  }

  /** Every source's name and content, as the jar holds them. */
  static Map<String, byte[]> sources() {
    Map<String, byte[]> sources = new LinkedHashMap<>();
    for (String name : SOURCES) {
      try (InputStream in = LauncherBinary.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCES + name + " is missing from the class path");
        }
        sources.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + RESOURCES + name, e);
      }
    }
    return sources;
  }

  /** The sources with their names, so that renaming a file also makes a new version. */
  private static byte[] concatenated(Map<String, byte[]> sources) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    sources.forEach(
        (name, content) -> {
          all.writeBytes(name.getBytes(StandardCharsets.UTF_8));
          all.write(0);
          all.writeBytes(content);
        });
    return all.toByteArray();
  }
}
