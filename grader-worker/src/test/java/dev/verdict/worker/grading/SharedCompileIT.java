package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.testing.EchoProgram;
import dev.verdict.common.testing.MongoExtension;
import dev.verdict.worker.artifact.CompiledArtifacts;
import dev.verdict.worker.artifact.RecentCompiles;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.BubblewrapSandbox;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two slots, each with its own sandbox, grade the parts of split submissions through one artifact
 * store on the MongoDB stand-in: the program is compiled once and the other parts unpack it, a
 * compile error is every part's, a lapsed claim is taken over, and a whole submission never touches
 * the store. Whole submissions of the same key reuse the worker's recent compile instead. Compiles
 * are counted by the graders' shared compile timer.
 */
class SharedCompileIT {
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();

  private static final int UID = 63_010;

  /** Echoes its input word, but "wrong" as "nope" and "crash" as exit 3. */
  private static final String ECHO_C = EchoProgram.c();

  private static final List<String> INPUTS =
      List.of("a", "b", "c", "wrong", "e", "f", "crash", "h");

  /** Each test's verdict, in test order, whichever slot graded it. */
  private static final List<String> EXPECTED =
      List.of(
          "1 ACCEPTED",
          "2 ACCEPTED",
          "3 ACCEPTED",
          "4 WRONG_ANSWER",
          "5 ACCEPTED",
          "6 ACCEPTED",
          "7 RUNTIME_ERROR",
          "8 ACCEPTED");

  @TempDir Path temp;
  private final InMemoryBlobs blobs = new InMemoryBlobs();
  private final MetricRegistry metrics = new MetricRegistry();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService slots = Executors.newFixedThreadPool(2);
  private CgroupDriver cgroups;

  @BeforeEach
  void setUp() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    cgroups = CgroupDriver.detect("verdict-shared-compile-test");
  }

  @AfterEach
  void tearDown() throws Exception {
    slots.shutdownNow();
    for (AutoCloseable resource : closing.reversed()) {
      resource.close();
    }
    cgroups.close();
  }

  private CompiledArtifacts store(long maxBytes) {
    return new CompiledArtifacts(
        mongo.database(),
        "test-toolchain",
        "test-worker",
        maxBytes,
        Duration.ofHours(1),
        Clock.systemUTC(),
        metrics);
  }

  private Grader grader(int slot, CompiledArtifacts artifacts) throws Exception {
    return grader(slot, artifacts, null);
  }

  private Grader grader(int slot, CompiledArtifacts artifacts, RecentCompiles recent)
      throws Exception {
    VerdictConfig config = ConfigLoader.defaults();
    Path dir = Files.createDirectories(temp.resolve("slot-" + slot));
    FileCache cache = blobs.cache(dir.resolve("cache"), metrics);
    Languages languages = new Languages(config.enabledLanguages(), System.getProperty("java.home"));
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(
            cgroups.forSlot(slot, slot), dir.resolve("scratch"), UID + slot, "/usr/bin/bwrap");
    closing.add(sandbox);
    return new Grader(
        sandbox,
        null,
        UID + slot,
        cache,
        languages,
        config.limits(),
        Files.createDirectories(dir.resolve("runs")),
        new Validators(dir.resolve("validators"), languages, cache, config.limits()),
        "test-worker",
        metrics,
        null,
        artifacts,
        recent);
  }

  private static final String ECHO_JAVA =
      """
      import java.util.Scanner;
      public class Main {
        public static void main(String[] args) {
          String w = new Scanner(System.in).next();
          if (w.equals("crash")) System.exit(3);
          System.out.println(w.equals("wrong") ? "nope" : w);
        }
      }
      """;

  private GradingTask submission(String id, String source) {
    return submission(id, "c", "main.c", source);
  }

  private GradingTask submission(String id, String language, String file, String source) {
    List<TestCase> tests = new ArrayList<>();
    for (int i = 0; i < INPUTS.size(); i++) {
      String word = INPUTS.get(i);
      tests.add(
          new TestCase(String.valueOf(i + 1), blobs.put(word + "\n"), blobs.put(word + "\n"), 1));
    }
    return new GradingTask(
        GradingTask.VERSION,
        id,
        "echo",
        "v1",
        language,
        List.of(new SourceFile(file, blobs.put(source), source.length(), source)),
        tests,
        LimitOverrides.NONE,
        CheckerSpec.defaultChecker(),
        false,
        System.currentTimeMillis());
  }

  /** Grades the parts on the two slots at once, part i on slot i % 2; outcomes by part. */
  private List<GradingOutcome> gradeSplit(List<GradingTask> parts, Grader first, Grader second) {
    List<CompletableFuture<GradingOutcome>> outcomes = new ArrayList<>();
    List<CompletableFuture<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      outcomes.add(new CompletableFuture<>());
    }
    for (int lane = 0; lane < 2; lane++) {
      Grader grader = lane == 0 ? first : second;
      int start = lane;
      lanes.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = start; i < parts.size(); i += 2) {
                  outcomes.get(i).complete(grader.grade(parts.get(i), GradingListener.NONE));
                }
              },
              slots));
    }
    lanes.forEach(CompletableFuture::join);
    return outcomes.stream().map(CompletableFuture::join).toList();
  }

  private long compiles() {
    return metrics.timer("verdict.worker.compile").getCount();
  }

  private static List<String> verdicts(List<GradingOutcome> outcomes) {
    List<String> verdicts = new ArrayList<>();
    for (GradingOutcome outcome : outcomes) {
      for (TestResult test : outcome.tests()) {
        verdicts.add(test.name() + " " + test.verdict());
      }
    }
    return verdicts;
  }

  @Test
  void a_split_submission_is_compiled_once_and_every_part_runs_the_program() throws Exception {
    CompiledArtifacts artifacts = store(1 << 20);
    Grader first = grader(0, artifacts);
    Grader second = grader(1, artifacts);

    List<GradingOutcome> outcomes = gradeSplit(submission("s1", ECHO_C).chunks(2), first, second);

    assertThat(compiles()).as("compiles of the four parts").isEqualTo(1);
    assertThat(metrics.counter("verdict.worker.artifact.shared").getCount()).isEqualTo(3);
    assertThat(verdicts(outcomes)).containsExactlyElementsOf(EXPECTED);
    assertThat(outcomes)
        .allSatisfy(
            outcome ->
                assertThat(outcome.compileTimeMs())
                    .as("every part reports the one compile's time")
                    .isEqualTo(outcomes.getFirst().compileTimeMs()));
    Document record = mongo.database().getCollection("artifacts").find().first();
    assertThat(record.getString("state")).isEqualTo("ready");
    assertThat(record.getInteger("claim")).isEqualTo(1);
  }

  @Test
  void a_split_java_submission_runs_its_main_class_from_the_one_compile() throws Exception {
    CompiledArtifacts artifacts = store(1 << 20);
    Grader first = grader(0, artifacts);
    Grader second = grader(1, artifacts);

    List<GradingOutcome> outcomes =
        gradeSplit(submission("j1", "java", "Main.java", ECHO_JAVA).chunks(4), first, second);

    assertThat(compiles()).isEqualTo(1);
    assertThat(verdicts(outcomes)).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void a_compile_error_of_a_split_submission_is_every_parts_from_one_compile() throws Exception {
    CompiledArtifacts artifacts = store(1 << 20);
    Grader first = grader(0, artifacts);
    Grader second = grader(1, artifacts);

    List<GradingOutcome> outcomes =
        gradeSplit(submission("s2", "int main(void) { return oops; }\n").chunks(2), first, second);

    assertThat(compiles()).isEqualTo(1);
    assertThat(outcomes)
        .hasSize(4)
        .allSatisfy(
            outcome -> {
              assertThat(outcome.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
              assertThat(outcome.tests()).isEmpty();
              assertThat(outcome.compileOutput())
                  .contains("oops")
                  .isEqualTo(outcomes.getFirst().compileOutput());
            });
  }

  @Test
  void a_claim_whose_holder_went_silent_is_taken_over_after_it_lapses() throws Exception {
    CompiledArtifacts artifacts = store(1 << 20);
    Grader first = grader(0, artifacts);
    Grader second = grader(1, artifacts);
    List<GradingTask> parts = submission("s3", ECHO_C).chunks(4);
    assertThat(first.grade(parts.get(0), GradingListener.NONE).verdict())
        .isEqualTo(Verdict.WRONG_ANSWER);
    // The record as a slot that claimed the key and was killed while compiling leaves it.
    var records = mongo.database().getCollection("artifacts");
    String key = records.find().first().getString("_id");
    records.updateOne(
        Filters.eq("_id", key),
        Updates.combine(
            Updates.set("state", "compiling"),
            Updates.set("owner", "killed-worker"),
            Updates.set("expiresAt", System.currentTimeMillis() + 1_000),
            Updates.unset("file")));

    GradingOutcome second1 = second.grade(parts.get(1), GradingListener.NONE);

    assertThat(verdicts(List.of(second1)))
        .containsExactly("5 ACCEPTED", "6 ACCEPTED", "7 RUNTIME_ERROR", "8 ACCEPTED");
    assertThat(compiles()).as("the first part's compile and the successor's").isEqualTo(2);
    Document record = records.find(Filters.eq("_id", key)).first();
    assertThat(record.getInteger("claim")).isEqualTo(2);
    assertThat(record.getString("state")).isEqualTo("ready");
  }

  @Test
  void a_program_larger_than_the_cap_is_compiled_by_each_part() throws Exception {
    CompiledArtifacts artifacts = store(64);
    Grader first = grader(0, artifacts);
    Grader second = grader(1, artifacts);

    List<GradingOutcome> outcomes = gradeSplit(submission("s4", ECHO_C).chunks(4), first, second);

    assertThat(compiles()).isEqualTo(2);
    assertThat(verdicts(outcomes)).hasSize(8).contains("7 RUNTIME_ERROR", "8 ACCEPTED");
    assertThat(mongo.database().getCollection("artifacts").find().first().getString("state"))
        .isEqualTo("unshared");
  }

  @Test
  void storing_a_program_removes_the_records_that_lapsed_and_their_files() throws Exception {
    var files = GridFSBuckets.create(mongo.database(), "artifactFiles");
    files.uploadFromStream(
        new BsonString("old.1"), "old.1", new ByteArrayInputStream(new byte[] {1, 2, 3}));
    var records = mongo.database().getCollection("artifacts");
    records.insertOne(
        new Document("_id", "old")
            .append("state", "ready")
            .append("claim", 1)
            .append("file", "old.1")
            .append("expiresAt", System.currentTimeMillis() - Duration.ofMinutes(2).toMillis()));
    Grader first = grader(0, store(1 << 20));

    first.grade(submission("s6", ECHO_C).chunks(4).getFirst(), GradingListener.NONE);

    assertThat(records.find(Filters.eq("_id", "old")).first()).isNull();
    assertThat(mongo.database().getCollection("artifactFiles.files").countDocuments())
        .as("the new program's file only")
        .isEqualTo(1);
    assertThat(records.countDocuments()).isEqualTo(1);
  }

  @Test
  void a_whole_submission_compiles_without_the_store() throws Exception {
    Grader first = grader(0, store(1 << 20));

    GradingOutcome outcome = first.grade(submission("s5", ECHO_C), GradingListener.NONE);

    assertThat(outcome.tests()).hasSize(8);
    assertThat(compiles()).isEqualTo(1);
    assertThat(mongo.database().getCollection("artifacts").countDocuments()).isZero();
  }

  @Test
  void a_whole_program_sent_again_reuses_the_workers_recent_compile_on_either_slot()
      throws Exception {
    RecentCompiles recent = new RecentCompiles(32 << 20, metrics);
    Grader first = grader(0, store(1 << 20), recent);
    Grader second = grader(1, store(1 << 20), recent);

    GradingOutcome compiled = first.grade(submission("w1", ECHO_C), GradingListener.NONE);
    GradingOutcome reused = second.grade(submission("w2", ECHO_C), GradingListener.NONE);
    GradingOutcome again = first.grade(submission("w3", ECHO_C), GradingListener.NONE);

    assertThat(compiles()).as("three submissions of one program").isEqualTo(1);
    assertThat(metrics.counter("verdict.worker.compile.recent.hits").getCount()).isEqualTo(2);
    for (GradingOutcome outcome : List.of(compiled, reused, again)) {
      assertThat(verdicts(List.of(outcome))).containsExactlyElementsOf(EXPECTED);
      assertThat(outcome.compileTimeMs()).isEqualTo(compiled.compileTimeMs());
    }
    assertThat(mongo.database().getCollection("artifacts").countDocuments()).isZero();
  }

  @Test
  void a_whole_java_program_sent_again_runs_the_kept_classes() throws Exception {
    RecentCompiles recent = new RecentCompiles(32 << 20, metrics);
    Grader first = grader(0, store(1 << 20), recent);
    Grader second = grader(1, store(1 << 20), recent);

    first.grade(submission("wj1", "java", "Main.java", ECHO_JAVA), GradingListener.NONE);
    GradingOutcome reused =
        second.grade(submission("wj2", "java", "Main.java", ECHO_JAVA), GradingListener.NONE);

    assertThat(compiles()).isEqualTo(1);
    assertThat(verdicts(List.of(reused))).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void a_kept_compile_error_is_given_again_and_another_program_compiles_anew() throws Exception {
    RecentCompiles recent = new RecentCompiles(32 << 20, metrics);
    Grader first = grader(0, store(1 << 20), recent);
    String broken = "int main(void) { return oops; }\n";

    GradingOutcome refused = first.grade(submission("we1", broken), GradingListener.NONE);
    GradingOutcome refusedAgain = first.grade(submission("we2", broken), GradingListener.NONE);
    GradingOutcome other =
        first.grade(submission("we3", ECHO_C + "/* another */\n"), GradingListener.NONE);

    assertThat(refused.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
    assertThat(refusedAgain.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
    assertThat(refusedAgain.compileOutput()).contains("oops").isEqualTo(refused.compileOutput());
    assertThat(verdicts(List.of(other))).containsExactlyElementsOf(EXPECTED);
    assertThat(compiles()).as("the broken program once, the other once").isEqualTo(2);
  }

  @Test
  void with_no_room_for_recent_compiles_every_submission_compiles() throws Exception {
    Grader first = grader(0, store(1 << 20), new RecentCompiles(0, metrics));

    first.grade(submission("wn1", ECHO_C), GradingListener.NONE);
    first.grade(submission("wn2", ECHO_C), GradingListener.NONE);

    assertThat(compiles()).isEqualTo(2);
  }
}
