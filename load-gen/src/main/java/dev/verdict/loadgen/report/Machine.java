package dev.verdict.loadgen.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The machine a report was measured on.
 *
 * @param cores processors this JVM may use
 * @param allowedCpus the process's CPU affinity list, e.g. {@code 0-1}
 * @param cpuModel the first {@code model name} of /proc/cpuinfo
 * @param kernel {@code uname -r}
 * @param memoryMb physical memory
 * @param date when the report was written, ISO-8601 UTC
 */
public record Machine(
    int cores,
    String allowedCpus,
    String cpuModel,
    String os,
    String kernel,
    String arch,
    long memoryMb,
    String java,
    String date) {

  public static Machine current() {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize() / (1024 * 1024);
    }
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        procLine(Path.of("/proc/self/status"), "Cpus_allowed_list"),
        procLine(Path.of("/proc/cpuinfo"), "model name"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        memory,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static String procLine(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException e) {
      // why: not every system has /proc; the report says "unknown" instead.
    }
    return "unknown";
  }
}
