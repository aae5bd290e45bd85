package dev.verdict.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a component's JVM holds at one moment, read from outside it: its open file descriptors
 * ({@code /proc/<pid>/fd}), its threads ({@code Threads:} of {@code /proc/<pid>/status}) and its
 * live heap (the used heap right after a full collection, {@code jcmd <pid> GC.run} then {@code
 * GC.heap_info}), so that a leak shows as growth rather than as garbage not yet collected.
 *
 * @param fds open file descriptors
 * @param threads the process's threads (Java and the JVM's own)
 * @param heapKib used heap after a full collection, in KiB (the generations' {@code used} summed)
 */
record JvmFigures(int fds, int threads, long heapKib) {
  // why: a generation's line ("DefNew total 116224K, used 0K [...]", "Tenured total ..."); the
  // spaces under it say "N% used" and Metaspace has no "total", so neither is counted twice.
  private static final Pattern GENERATION = Pattern.compile("total \\d+K, used (\\d+)K");

  /** Reads the figures of the JVM {@code pid}, which must be of the same user as this one. */
  static JvmFigures of(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    long heapKib = 0;
    Matcher matcher = GENERATION.matcher(jcmd(pid, "GC.heap_info"));
    while (matcher.find()) {
      heapKib += Long.parseLong(matcher.group(1));
    }
    if (heapKib == 0) {
      throw new IOException("no heap figures from jcmd " + pid + " GC.heap_info");
    }
    int fds;
    try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds = (int) open.count();
    }
    int threads =
        Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
            .filter(line -> line.startsWith("Threads:"))
            .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).trim()))
            .findFirst()
            .orElseThrow(() -> new IOException("no Threads: in /proc/" + pid + "/status"));
    return new JvmFigures(fds, threads, heapKib);
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
    }
    return output;
  }

  @Override
  public String toString() {
    return fds + " fds, " + threads + " threads, " + (heapKib + 512) / 1024 + " MiB live heap";
  }
}
