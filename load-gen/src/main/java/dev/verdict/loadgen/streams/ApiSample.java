package dev.verdict.loadgen.streams;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the API process holds at one moment: resident memory and OS threads from {@code
 * /proc/PID/status} (when its PID is known), heap in use, live JVM threads and open event streams
 * from its {@code /metrics}, after a full collection when the PID is known.
 *
 * @param rssKb resident set size, or -1 when the PID is not known
 * @param osThreads the process's OS threads, or -1 when the PID is not known
 * @param heapUsedBytes JVM heap in use, or -1 when {@code /metrics} does not say
 * @param jvmThreads live platform threads as the JVM counts them (virtual ones are not), or -1
 * @param openStreams event streams the API counts as open, or -1
 */
record ApiSample(
    long rssKb, long osThreads, long heapUsedBytes, long jvmThreads, long openStreams) {

  static ApiSample take(URI baseUrl, Long pid) {
    long rss = -1;
    long threads = -1;
    if (pid != null) {
      collectGarbage(pid);
      try {
        for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
          } else if (line.startsWith("Threads:")) {
            threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException e) {
        // why: the process ended; its figures read as unknown.
      }
    }
    String metrics = metrics(baseUrl);
    return new ApiSample(
        rss,
        threads,
        gauge(metrics, "jvm_memory_heap_used"),
        gauge(metrics, "jvm_threads_count"),
        gauge(metrics, "verdict_api_events_streams"));
  }

  /**
   * Asks the API's JVM for a full collection ({@code jcmd PID GC.run}), so its heap figure is live
   * data rather than garbage not yet collected. Best effort: without jcmd the figure includes it.
   */
  private static void collectGarbage(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return;
    }
    try {
      Process gc =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
              .redirectErrorStream(true)
              .start();
      gc.getInputStream().readAllBytes();
      gc.waitFor();
    } catch (IOException e) {
      // why: the figure then includes garbage; the report stays useful.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String metrics(URI baseUrl) {
    try {
      HttpURLConnection conn =
          (HttpURLConnection)
              URI.create(baseUrl.toString().replaceAll("/+$", "") + "/metrics")
                  .toURL()
                  .openConnection();
      conn.setConnectTimeout(10_000);
      conn.setReadTimeout(10_000);
      try (InputStream in = conn.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return "";
    }
  }

  /** The value of a Prometheus sample line {@code name value}, or -1. */
  static long gauge(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) {
        return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return -1;
  }
}
