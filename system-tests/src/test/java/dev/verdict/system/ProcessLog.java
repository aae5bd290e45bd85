package dev.verdict.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** The output of a process a test started, copied line by line to a log file as it comes. */
final class ProcessLog {
  private ProcessLog() {}

  /**
   * Starts copying {@code process}'s output to {@code log}; completes {@code ready} with the first
   * line that {@code isReady} accepts, or exceptionally (with the log's tail) if the output ends
   * first. Returns the copying thread, which ends when the process's output does.
   */
  static Thread follow(
      Process process,
      Path log,
      Predicate<String> isReady,
      CompletableFuture<String> ready,
      String what) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = lines.readLine()) != null) {
                  out.write(line);
                  out.newLine();
                  out.flush();
                  if (isReady.test(line)) {
                    ready.complete(line);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(
                  new IllegalStateException(what + " ended before it was ready:\n" + tail(log)));
            });
  }

  /** The last 30 lines of {@code log}. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
