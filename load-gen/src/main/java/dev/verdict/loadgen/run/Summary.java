package dev.verdict.loadgen.run;

import java.io.PrintWriter;
import java.util.Map;

/** Prints a run's figures for a person. */
public final class Summary {
  private Summary() {}

  public static void print(PrintWriter out, RunFigures f) {
    out.printf(
        "%s loop, %s: %d sent, %d accepted, %d graded in %.1f s%n",
        f.mode(),
        f.clients() != null
            ? f.clients() + " clients"
            : String.format("%.2f/s offered", f.offeredRatePerSecond()),
        f.submitted(),
        f.accepted(),
        f.graded(),
        f.windowSeconds());
    out.printf(
        "throughput  %.2f graded/s (accepted %.2f/s)%n",
        f.gradedPerSecond(), f.acceptedPerSecond());
    line(out, "accept", f.accept());
    line(out, "first result", f.firstResult());
    line(out, "end to end", f.endToEnd());
    line(out, "server e2e", f.serverEndToEnd());
    out.printf("verdicts    %s%n", f.verdicts());
    out.printf("problems    %s%n", f.errors().isEmpty() ? "none" : describe(f.errors()));
    out.printf(
        "polling     %d GETs, %.2f per submission (interval %.0f ms, backoff x%.2f to %.0f ms)%n",
        f.polling().gets(),
        f.polling().getsPerSubmission(),
        f.polling().intervalMs(),
        f.polling().backoff(),
        f.polling().maxIntervalMs());
    out.printf(
        "load-gen    %.0f ms CPU, %.2f ms per submission, %.1f%% of a core%n",
        f.loadGenCpu().cpuMs(),
        f.loadGenCpu().cpuMsPerSubmission(),
        f.loadGenCpu().percentOfCore());
    if (f.processes() != null) {
      StringBuilder each = new StringBuilder();
      f.processes()
          .cpuMsPerSubmission()
          .forEach(
              (name, ms) ->
                  each.append(each.isEmpty() ? "" : ", ").append(name).append(' ').append(ms));
      out.printf(
          "processes   %.2f CPU ms per submission: %s; machine %.1f%% busy%n",
          f.processes().totalCpuMsPerSubmission(), each, f.processes().machineBusyPercent());
    }
  }

  private static void line(PrintWriter out, String name, LatencyStats s) {
    if (s.count() == 0) {
      out.printf("%-12s -%n", name);
      return;
    }
    out.printf(
        "%-12s p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f ms  (n=%d)%n",
        name, s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(), s.count());
  }

  private static String describe(Map<String, Long> errors) {
    StringBuilder text = new StringBuilder();
    errors.forEach(
        (k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
    return text.toString();
  }
}
