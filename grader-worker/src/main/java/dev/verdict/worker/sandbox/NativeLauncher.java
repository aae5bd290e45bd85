package dev.verdict.worker.sandbox;

import dev.verdict.common.blob.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds verdict-launch, the small C program that starts each sandboxed run (source in the worker's
 * resources, {@code verdict/verdict-launch.c}), with the host's gcc, statically linked so that
 * starting it costs no dynamic loading. Built once per source version into {@code dir}, as
 * root-owned 0755, and reused by every worker on the host.
 */
public final class NativeLauncher {
  private static final String SOURCE = "/verdict/verdict-launch.c";

  private NativeLauncher() {}

  /**
   * @return the launcher's path
   * @throws SandboxException (not retryable) when it cannot be built, e.g. without gcc or a static
   *     C library
   */
  public static Path build(Path dir, String compiler) {
    byte[] source = source();
    Path binary = dir.resolve("verdict-launch-" + Sha256.hex(source).substring(0, 12));
    if (Files.isExecutable(binary)) {
      return binary;
    }
    try {
      Files.createDirectories(dir);
      Path src = Files.createTempFile(dir, "verdict-launch-", ".c");
      Path out = Files.createTempFile(dir, "verdict-launch-", ".tmp");
      try {
        Files.write(src, source);
        Process gcc =
            new ProcessBuilder(
                    List.of(compiler, "-O2", "-static", "-o", out.toString(), src.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
          throw new SandboxException(
              "cannot build the native launcher with " + compiler + ": " + output.strip(),
              false,
              null);
        }
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        // why: several workers on one host may build it at once; the rename is atomic.
        Files.move(
            out, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return binary;
      } finally {
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

  private static byte[] source() {
    try (InputStream in = NativeLauncher.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SOURCE, e);
    }
  }
}
