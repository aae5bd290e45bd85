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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind {@code dispatcher.testChunkSize}'s default (docs/benchmarks.md, "Parallel
 * tests"), on a whole Verdict in this JVM with one worker of two slots: the submit-to-result time
 * of one submission with many slow tests (Python, and C, whose parts share one compile), and the
 * throughput of many submissions with short tests (Python and C a+b on {@code sum}), each graded
 * whole and split, with the worker's compiles per submission. It prints figures and asserts only
 * that every submission was graded as expected; it is not part of the suite (its name is no
 * test's), run it on its own; {@code -Dbench.sizes=0,2,4,5} (the chunk sizes) and {@code
 * -Dbench.rounds=2} split it into shorter runs:
 *
 * <pre>
 * flock /tmp/verdict-it.lock ./mvnw -B -o -pl system-tests -am verify -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *   -Dit.test=ParallelTestsBench -Dbench.sizes=0,2,4,5 -Dbench.rounds=1
 * </pre>
 */
class ParallelTestsBench {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  /** Burns about 250 ms of CPU per test, then echoes its input. */
  private static final String SLOW_PY =
      """
      import time
      word = input().strip()
      start = time.process_time()
      while time.process_time() - start < 0.25:
          pass
      print(word)
      """;

  /** The same in C. */
  private static final String SLOW_C =
      """
      #include <stdio.h>
      #include <time.h>
      int main(void) {
        char w[64];
        if (scanf("%63s", w) != 1) return 2;
        while (clock() < CLOCKS_PER_SEC / 4) {}
        printf("%s\\n", w);
        return 0;
      }
      """;

  private static final int SLOW_TESTS = 8;
  private static final int SLOW_REPEATS = 5;
  private static final int SHORT_SUBMISSIONS = 60;
  private static final int SHORT_WARMUP = 10;
  private static final int CLIENTS = 4;

  @TempDir Path temp;

  // why: each chunk size starts a whole Verdict and grades about 150 submissions, far beyond the
  // suite's default timeout.
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void whole_against_split() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String size : System.getProperty("bench.sizes", "0,2,4,5").split(",")) {
      sizes.add(Integer.parseInt(size.strip()));
    }
    int rounds = Integer.getInteger("bench.rounds", 2);
    List<String> lines = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (int chunkSize : sizes) {
        try (VerdictCluster cluster = cluster(chunkSize, "r" + round + "c" + chunkSize)) {
          Http client = new Http(cluster.baseUrl(), cluster.token("bench", Role.STAFF));
          String at = String.format("round %d testChunkSize=%d", round, chunkSize);
          lines.add(slow(cluster, client, at, "Python", "python3", "main.py", SLOW_PY));
          lines.add(slow(cluster, client, at, "C", "c", "main.c", SLOW_C));
          lines.add(
              fast(cluster, client, at, "Python", "python3", "main.py", Programs.PY_ACCEPTED));
          lines.add(fast(cluster, client, at, "C", "c", "main.c", Programs.C_ACCEPTED));
          System.out.println(String.join("\n", lines.subList(lines.size() - 4, lines.size())));
        }
      }
    }
    lines.forEach(System.out::println);
  }

  private static String slow(
      VerdictCluster cluster,
      Http client,
      String at,
      String name,
      String language,
      String file,
      String program) {
    long compiles = compiles(cluster);
    long median = slowMedian(client, language, file, program);
    return String.format(
        "%s  slow %s (%d tests of 250 ms CPU): submit-to-result median %d ms of %d,"
            + " %.2f compiles/submission",
        at,
        name,
        SLOW_TESTS,
        median,
        SLOW_REPEATS,
        perSubmission(cluster, compiles, SLOW_REPEATS + 1));
  }

  private static String fast(
      VerdictCluster cluster,
      Http client,
      String at,
      String name,
      String language,
      String file,
      String program)
      throws Exception {
    long compiles = compiles(cluster);
    double throughput = shortThroughput(client, language, file, program);
    return String.format(
        "%s  short %s (a+b, 10 tests, %d clients): %.2f submissions/s, %.2f compiles/submission",
        at,
        name,
        CLIENTS,
        throughput,
        perSubmission(cluster, compiles, SHORT_WARMUP + SHORT_SUBMISSIONS));
  }

  private static long compiles(VerdictCluster cluster) {
    return cluster.workerMetrics.timer("verdict.worker.compile").getCount();
  }

  private static double perSubmission(VerdictCluster cluster, long before, int submissions) {
    return (compiles(cluster) - before) / (double) submissions;
  }

  private VerdictCluster cluster(int chunkSize, String dir) throws IOException {
    return VerdictCluster.start(
        services,
        Files.createDirectory(temp.resolve(dir)),
        List.of("worker.cores=2", "worker.prefetch=1", "dispatcher.testChunkSize=" + chunkSize));
  }

  /** The median server-side submit-to-result time of the slow submission, graded one at a time. */
  private static long slowMedian(Http client, String language, String file, String program) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < SLOW_REPEATS + 1; i++) {
      List<Map<String, Object>> tests = new ArrayList<>();
      for (int t = 0; t < SLOW_TESTS; t++) {
        tests.add(Map.of("input", "w" + t + "\n", "expectedOutput", "w" + t + "\n"));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("language", language);
      body.put("files", List.of(Map.of("name", file, "content", unique(language, program))));
      body.put("tests", tests);
      body.put("limits", Map.of("timeLimitMs", 2000));
      Http.Answer answer = client.post("/api/v1/submissions", body);
      assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
      JsonNode done = client.awaitDone(answer.body().get("id").asText(), Duration.ofSeconds(120));
      assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("ACCEPTED");
      if (i > 0) { // the first warms the worker up
        times.add(millis(done));
      }
    }
    times.sort(null);
    return times.get(times.size() / 2);
  }

  /** Submissions per second of {@link #CLIENTS} clients each submitting and waiting in a loop. */
  private static double shortThroughput(Http client, String language, String file, String source)
      throws Exception {
    run(client, SHORT_WARMUP, language, file, source);
    long start = System.nanoTime();
    run(client, SHORT_SUBMISSIONS, language, file, source);
    return SHORT_SUBMISSIONS / ((System.nanoTime() - start) / 1e9);
  }

  private static void run(Http client, int count, String language, String file, String source)
      throws Exception {
    try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        done.add(
            clients.submit(
                () -> {
                  Http.Answer answer = client.submit(language, file, unique(language, source));
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

  private static final AtomicLong SOURCES = new AtomicLong();

  /**
   * The program with a comment no other submission has, so that every submission is compiled (or
   * its parts share one compile) as students' different programs are, and no stored compile of an
   * earlier submission serves it.
   */
  private static String unique(String language, String program) {
    String comment = language.equals("python3") ? "# " : "// ";
    return program + "\n" + comment + SOURCES.incrementAndGet() + "\n";
  }

  private static long millis(JsonNode done) {
    return Duration.between(
            Instant.parse(done.get("createdAt").asText()),
            Instant.parse(done.get("finishedAt").asText()))
        .toMillis();
  }
}
