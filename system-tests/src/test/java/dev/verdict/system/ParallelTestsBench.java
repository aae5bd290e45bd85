package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind {@code dispatcher.testChunkSize}'s default (docs/benchmarks.md, "Parallel
 * tests"), on a whole Verdict in this JVM with one worker of two slots: the submit-to-result time
 * of one submission with many slow tests, and the throughput of many submissions with short tests,
 * each graded whole and split. It prints figures and asserts only that every submission was graded
 * as expected; it is not part of the suite (its name is no test's), run it on its own:
 *
 * <pre>
 * flock /tmp/verdict-it.lock ./mvnw -B -o -pl system-tests -am verify -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *   -Dit.test=ParallelTestsBench
 * </pre>
 */
class ParallelTestsBench {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  /** Burns about 250 ms of CPU per test, then echoes its input. */
  private static final String SLOW =
      """
      import time
      word = input().strip()
      start = time.process_time()
      while time.process_time() - start < 0.25:
          pass
      print(word)
      """;

  private static final int SLOW_TESTS = 8;
  private static final int SLOW_REPEATS = 5;
  private static final int SHORT_SUBMISSIONS = 60;
  private static final int SHORT_WARMUP = 10;
  private static final int CLIENTS = 4;

  @TempDir Path temp;

  @Test
  void whole_against_split() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int round = 1; round <= 2; round++) {
      for (int chunkSize : new int[] {0, 4, 5}) {
        try (VerdictCluster cluster = cluster(chunkSize, "r" + round + "c" + chunkSize)) {
          Http client = new Http(cluster.baseUrl(), cluster.token("bench", Role.STAFF));
          if (chunkSize != 5) {
            lines.add(
                String.format(
                    "round %d testChunkSize=%d  slow (%d tests of 250 ms CPU): submit-to-result"
                        + " median %d ms of %d",
                    round, chunkSize, SLOW_TESTS, slowMedian(client), SLOW_REPEATS));
          }
          if (chunkSize != 4) {
            lines.add(
                String.format(
                    "round %d testChunkSize=%d  short (Python a+b, 10 tests, %d clients):"
                        + " %.2f submissions/s",
                    round, chunkSize, CLIENTS, shortThroughput(client)));
          }
        }
      }
    }
    lines.forEach(System.out::println);
  }

  private VerdictCluster cluster(int chunkSize, String dir) throws IOException {
    return VerdictCluster.start(
        services,
        Files.createDirectory(temp.resolve(dir)),
        List.of("worker.cores=2", "worker.prefetch=1", "dispatcher.testChunkSize=" + chunkSize));
  }

  /** The median server-side submit-to-result time of the slow submission, graded one at a time. */
  private static long slowMedian(Http client) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < SLOW_REPEATS + 1; i++) {
      List<Map<String, Object>> tests = new ArrayList<>();
      for (int t = 0; t < SLOW_TESTS; t++) {
        tests.add(Map.of("input", "w" + t + "\n", "expectedOutput", "w" + t + "\n"));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("language", "python3");
      body.put("files", List.of(Map.of("name", "main.py", "content", SLOW)));
      body.put("tests", tests);
      body.put("limits", Map.of("timeLimitMs", 2000));
      Http.Answer answer = client.post("/api/v1/submissions", body);
      assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
      JsonNode done = client.awaitDone(answer.body().get("id").asText(), Duration.ofSeconds(120));
      assertThat(done.get("verdict").asText()).isEqualTo("ACCEPTED");
      if (i > 0) { // the first warms the worker up
        times.add(millis(done));
      }
    }
    times.sort(null);
    return times.get(times.size() / 2);
  }

  /** Submissions per second of {@link #CLIENTS} clients each submitting and waiting in a loop. */
  private static double shortThroughput(Http client) throws Exception {
    run(client, SHORT_WARMUP);
    long start = System.nanoTime();
    run(client, SHORT_SUBMISSIONS);
    return SHORT_SUBMISSIONS / ((System.nanoTime() - start) / 1e9);
  }

  private static void run(Http client, int count) throws Exception {
    try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        done.add(
            clients.submit(
                () -> {
                  Http.Answer answer = client.submitPython(Programs.PY_ACCEPTED);
                  assertThat(answer.status()).isEqualTo(202);
                  JsonNode result =
                      client.awaitDone(answer.body().get("id").asText(), Duration.ofSeconds(120));
                  assertThat(result.get("verdict").asText()).isEqualTo("ACCEPTED");
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }
  }

  private static long millis(JsonNode done) {
    return Duration.between(
            Instant.parse(done.get("createdAt").asText()),
            Instant.parse(done.get("finishedAt").asText()))
        .toMillis();
  }
}
