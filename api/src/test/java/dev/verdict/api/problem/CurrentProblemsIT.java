package dev.verdict.api.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoDatabase;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.testing.MongoExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's problem cache on the MongoDB stand-in: a burst of requests for one problem reads it
 * once, and an expired entry is refreshed behind the requests' backs.
 */
class CurrentProblemsIT {
  private static final Path SUM = Path.of("..", "examples", "problems", "sum");

  @TempDir Path temp;
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private MetricRegistry metrics;
  private ProblemStore store;
  private ProblemPackageLoader loader;

  @BeforeEach
  void start() {
    MongoDatabase database = mongo.database();
    metrics = new MetricRegistry();
    store = new ProblemStore(database, metrics);
    loader = new ProblemPackageLoader(new BlobStore(database, new MetricRegistry()), store);
    loader.load(SUM);
  }

  private long mongoReads() {
    return metrics.timer("verdict.mongo.problem.find").getCount();
  }

  @Test
  void a_burst_of_requests_for_an_uncached_problem_reads_it_from_mongodb_once() throws Exception {
    CurrentProblems problems = new CurrentProblems(store, 60_000);
    long before = mongoReads();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<ProblemVersion>>> answers = new ArrayList<>();
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 64; i++) {
        answers.add(
            requests.submit(
                () -> {
                  go.await();
                  return problems.get("sum");
                }));
      }
      go.countDown();
      for (Future<Optional<ProblemVersion>> answer : answers) {
        assertThat(answer.get()).map(ProblemVersion::problemId).contains("sum");
      }
    }

    // why: one lookup of the current version reads the pointer and the version: two timed reads.
    assertThat(mongoReads() - before).isEqualTo(2);
  }

  @Test
  void an_expired_problem_is_served_as_it_was_while_the_new_version_loads() throws IOException {
    CurrentProblems problems = new CurrentProblems(store, 0);
    String first = problems.get("sum").orElseThrow().version();
    String second = loader.load(changedCopyOfSum()).version();
    assertThat(second).isNotEqualTo(first);

    // why: the entry is stale at once (ttl 0); the first answer may still be the cached one, and
    // a refresh brings the new version without any request waiting for MongoDB.
    assertThat(problems.get("sum").orElseThrow().version()).isIn(first, second);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> problems.get("sum").orElseThrow().version().equals(second));
  }

  @Test
  void an_unknown_problem_is_empty() {
    assertThat(new CurrentProblems(store, 60_000).get("no-such-problem")).isEmpty();
  }

  private Path changedCopyOfSum() throws IOException {
    Path copy = temp.resolve("sum");
    try (Stream<Path> files = Files.walk(SUM)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(SUM.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    Files.writeString(
        copy.resolve("data/secret/10-added.in"), "2 2\n", java.nio.charset.StandardCharsets.UTF_8);
    Files.writeString(
        copy.resolve("data/secret/10-added.ans"), "4\n", java.nio.charset.StandardCharsets.UTF_8);
    return copy;
  }
}
