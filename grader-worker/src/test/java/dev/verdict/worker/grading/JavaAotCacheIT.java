package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.RunOptions;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.Verdict;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.compiler.WarmCompilers;
import dev.verdict.worker.compiler.WarmSlot;
import dev.verdict.worker.language.AotCaches;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.language.Languages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java runs started with the worker's ahead-of-time cache get the verdicts they get without it, and
 * the cache is in fact used inside the sandbox.
 */
class JavaAotCacheIT {
  private static final Map<String, Verdict> PROGRAMS = new LinkedHashMap<>();

  static {
    PROGRAMS.put(
        """
        import java.util.Scanner;
        public class Main {
          public static void main(String[] args) {
            Scanner in = new Scanner(System.in);
            long a = in.nextLong(), b = in.nextLong();
            System.out.println(a + b);
          }
        }
        """,
        Verdict.ACCEPTED);
    PROGRAMS.put(
        """
        import java.io.*;
        import java.util.*;
        public class Main {
          static long depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }
          public static void main(String[] args) throws IOException {
            StringTokenizer t = new StringTokenizer(new BufferedReader(new InputStreamReader(System.in)).readLine());
            long a = Long.parseLong(t.nextToken()), b = Long.parseLong(t.nextToken());
            System.out.println(a + b + depth(200_000) - 200_000);
          }
        }
        """,
        Verdict.ACCEPTED);
    PROGRAMS.put(
        "public class Main { public static void main(String[] a) { System.out.println(42); } }",
        Verdict.WRONG_ANSWER);
    PROGRAMS.put(
        """
        public class Main {
          public static void main(String[] args) {
            long x = 0;
            while (true) { x++; if (x == Long.MIN_VALUE) System.out.println(x); }
          }
        }
        """,
        Verdict.TIME_LIMIT_EXCEEDED);
    PROGRAMS.put(
        "public class Main { public static void main(String[] a) { throw new IllegalStateException(\"boom\"); } }",
        Verdict.RUNTIME_ERROR);
    PROGRAMS.put(
        """
        import java.util.*;
        public class Main {
          public static void main(String[] args) {
            List<long[]> blocks = new ArrayList<>();
            while (true) blocks.add(new long[1 << 20]);
          }
        }
        """,
        Verdict.MEMORY_LIMIT_EXCEEDED);
    PROGRAMS.put(
        "public class Main { public static void main(String[] a) { System.out.println(1) } }",
        Verdict.COMPILATION_ERROR);
  }

  @TempDir Path temp;
  private final InMemoryBlobs blobs = new InMemoryBlobs();
  private WarmSlot slot;
  private WarmCompilers compilers;
  private Language java;
  private Grader grader;

  @BeforeEach
  void setUp() throws Exception {
    slot = new WarmSlot("verdict-it-aot", temp);
    VerdictConfig config = slot.config();
    MetricRegistry metrics = new MetricRegistry();
    Languages languages = new Languages(config.enabledLanguages(), System.getProperty("java.home"));
    java = languages.get("java").orElseThrow();
    compilers = slot.compilers(100, 0);
    FileCache cache = blobs.cache(temp.resolve("cache"), metrics);
    Validators validators =
        new Validators(temp.resolve("validators"), languages, cache, config.limits());
    Path runs = Files.createDirectories(temp.resolve("runs"));
    grader =
        new Grader(
            slot.sandbox(),
            slot.uid(),
            cache,
            languages,
            config.limits(),
            runs,
            validators,
            "test-worker",
            metrics,
            compilers);
    AotCaches.prepare(languages, temp.resolve("aot-caches"), config.limits().runDefaults());
  }

  @AfterEach
  void tearDown() {
    compilers.close();
    slot.close();
  }

  private GradingOutcome grade(String source, RunOptions options) {
    return grader.grade(
        new GradingTask(
            GradingTask.VERSION,
            "aot-" + ThreadLocalRandom.current().nextInt(1_000_000),
            "sum",
            "v1",
            "java",
            List.of(new SourceFile("Main.java", blobs.put(source), source.length(), source)),
            List.of(new TestCase("1", blobs.put("1 2\n"), blobs.put("3\n"), 1)),
            new LimitOverrides(1_000L, null, 256, null, null, null, null, null, null),
            CheckerSpec.defaultChecker(),
            true,
            System.currentTimeMillis(),
            null,
            null,
            1,
            null,
            options),
        GradingListener.NONE);
  }

  @Test
  void the_cache_is_built_and_a_run_that_insists_on_using_it_is_accepted_in_the_sandbox() {
    assertThat(java.aotCache()).isNotNull().isRegularFile();

    // why: with AOTMode=on the JVM refuses to start unless it can map the cache.
    GradingOutcome outcome =
        grade(
            PROGRAMS.keySet().iterator().next(),
            new RunOptions(List.of(), List.of(), List.of("-XX:AOTMode=on"), List.of()));

    assertThat(outcome.verdict()).as(outcome.toString()).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void every_java_verdict_is_the_same_with_and_without_the_cache() {
    Path cache = java.aotCache();
    assertThat(cache).isNotNull();

    for (var program : PROGRAMS.entrySet()) {
      java.useAotCache(null);
      GradingOutcome without = grade(program.getKey(), RunOptions.NONE);
      java.useAotCache(cache);
      GradingOutcome with = grade(program.getKey(), RunOptions.NONE);

      assertThat(without.verdict()).as(without.toString()).isEqualTo(program.getValue());
      assertThat(with.verdict()).as(with.toString()).isEqualTo(program.getValue());
    }
  }
}
