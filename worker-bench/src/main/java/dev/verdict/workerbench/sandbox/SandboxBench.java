package dev.verdict.workerbench.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers the sandbox benchmarks share: test programs, a work folder, medians. */
final class SandboxBench {
  static final String HELLO_C =
      "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";

  /**
   * A CPU-bound loop that prints, as its only output, the CPU time it used by its own clock in
   * nanoseconds (from its exec to the end of the loop), so that the sandbox's measurement can be
   * set beside the program's own.
   */
  private static final String SPIN_C =
      """
      #include <stdio.h>
      #include <time.h>
      int main(void) {
        volatile unsigned long x = 0;
        for (unsigned long i = 0; i < 400000000UL; i++) x += i * i;
        struct timespec t;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        printf("%lld\\n", (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
        return x == 1;
      }
      """;

  private SandboxBench() {}

  /** {@link #SPIN_C} with {@code steps} steps instead of 400 million. */
  static String spin(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, was " + steps);
    }
    return SPIN_C.replace("400000000UL", steps + "UL");
  }

  /** A folder the sandbox uids can reach, with {@code name} compiled from C {@code source}. */
  static Path compile(Path dir, String name, String source) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path src = dir.resolve(name + ".c");
      Files.writeString(src, source);
      Process gcc =
          new ProcessBuilder("gcc", "-O2", "-o", dir.resolve(name).toString(), src.toString())
              .inheritIO()
              .start();
      if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new IllegalStateException("gcc failed on " + src);
      }
      Files.delete(src);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code command} outside any sandbox, pinned with taskset; returns its wall ms. */
  static double outside(int core, Path dir, List<String> command) {
    try {
      List<String> pinned =
          new java.util.ArrayList<>(List.of("/usr/bin/taskset", "-c", Integer.toString(core)));
      pinned.addAll(command);
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(pinned)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      process.getInputStream().readAllBytes();
      process.waitFor();
      return (System.nanoTime() - start) / 1e6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }
}
