package dev.verdict.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits N copies of one file, waits until all are graded, prints throughput and verdicts. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submits COUNT copies of FILE with at most CONCURRENCY requests in flight, waits until every"
          + " submission is DONE and prints the accept rate, the graded throughput and the verdicts."
    })
final class SubmitCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "FILE", description = "The source file to submit.")
  Path file;

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080",
      description = "Base URL of the API (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--problem",
      defaultValue = "sum",
      description = "Problem id (default: ${DEFAULT-VALUE}).")
  String problem;

  @Option(
      names = "--language",
      defaultValue = "python3",
      description = "Language name (default: ${DEFAULT-VALUE}).")
  String language;

  @Option(
      names = {"-n", "--count"},
      defaultValue = "100",
      description = "Submissions to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = {"-c", "--concurrency"},
      defaultValue = "16",
      description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--timeout",
      defaultValue = "600",
      description =
          "Seconds to wait for every submission to be graded (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "problem", problem,
                "language", language,
                "files",
                    List.of(
                        Map.of(
                            "name", file.getFileName().toString(),
                            "content", Files.readString(file)))));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(concurrency);
    long start = System.nanoTime();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        inFlight.acquire();
        executor.submit(
            () -> {
              try {
                HttpResponse<String> response =
                    http.send(
                        HttpRequest.newBuilder(URI.create(url + "/api/v1/submissions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                  ids.add(JSON.readTree(response.body()).get("id").asText());
                } else {
                  refused
                      .computeIfAbsent(response.statusCode(), k -> new AtomicInteger())
                      .incrementAndGet();
                }
              } catch (IOException e) {
                refused.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                inFlight.release();
              }
              return null;
            });
      }
    }
    double acceptSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "accepted %d of %d in %.2f s (%.1f/s); refused: %s%n",
        ids.size(), count, acceptSeconds, ids.size() / acceptSeconds, refused);

    Map<String, Integer> verdicts = new TreeMap<>();
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    List<String> pending = new ArrayList<>(ids);
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      List<String> still = new ArrayList<>();
      for (String id : pending) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/submissions/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode status = JSON.readTree(response.body());
        if ("DONE".equals(status.path("status").asText())) {
          verdicts.merge(status.path("verdict").asText(), 1, Integer::sum);
        } else {
          still.add(id);
        }
      }
      pending = still;
      if (!pending.isEmpty()) {
        Thread.sleep(200);
      }
    }
    double gradedSeconds = (System.nanoTime() - start) / 1e9;
    int graded = ids.size() - pending.size();
    System.out.printf(
        "graded %d of %d in %.2f s (%.2f submissions/s); verdicts: %s%n",
        graded, ids.size(), gradedSeconds, graded / gradedSeconds, verdicts);
    return pending.isEmpty() && refused.isEmpty() ? 0 : 1;
  }
}
