package dev.verdict.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's gcc, the one way tests build C programs. A compile that fails fails the test with
 * gcc's own output; a missing gcc fails it too, naming the Debian package.
 */
public final class HostGcc {
  /** Where Debian's {@code gcc} package puts the compiler. */
  public static final Path PATH = Path.of("/usr/bin/gcc");

  private HostGcc() {}

  /** {@link #PATH}, after checking it is there. */
  public static String path() {
    if (!Files.isExecutable(PATH)) {
      throw new IllegalStateException(PATH + " is missing: install the Debian package gcc");
    }
    return PATH.toString();
  }

  /**
   * Compiles one C file into the executable {@code output}; the source lives in a temporary folder
   * that is removed again, so only the program ends up beside {@code output}.
   *
   * @param flags gcc options before the file names, e.g. {@code -O2}, {@code -pthread}
   * @return {@code output}
   */
  public static Path compile(String source, Path output, String... flags) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("verdict-gcc");
      Path file = Files.writeString(dir.resolve("program.c"), source);
      List<String> command = new ArrayList<>(List.of(path()));
      command.addAll(List.of(flags));
      command.addAll(List.of("-o", output.toString(), file.toString()));
      Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
      String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!gcc.waitFor(60, TimeUnit.SECONDS)) {
        gcc.destroyForcibly();
        throw new AssertionError("gcc did not finish in 60 s: " + command);
      }
      if (gcc.exitValue() != 0) {
        throw new AssertionError("gcc failed (" + gcc.exitValue() + "): " + command + "\n" + said);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir.resolve("program.c"));
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // why: a leftover source file in /tmp is harmless; the compile's outcome is what counts.
        }
      }
    }
  }
}
