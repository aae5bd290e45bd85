package dev.verdict.worker.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SlotSandboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm compiler in the worker's own sandbox: one submission's classes are invisible to the
 * next, and a compile that hits a limit or breaks javac is a compilation failure that leaves a
 * fresh compiler for the next submission.
 */
class WarmCompilerIT {
  private static final String HELPER_A = "class Helper { static String who() { return \"A\"; } }\n";
  private static final String MAIN_USING_HELPER =
      "public class Main { public static void main(String[] a) {"
          + " System.out.println(Helper.who()); } }\n";
  private static final String MAIN_WITH_OWN_HELPER =
      MAIN_USING_HELPER + "class Helper { static String who() { return \"B\"; } }\n";

  @TempDir Path temp;
  private CgroupDriver cgroups;
  private SlotSandboxes sandboxes;
  private Sandbox slotSandbox;
  private Language java;
  private ResourceLimits limits;
  private int compilerUid;

  @BeforeEach
  void setUp() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int uidBase = 31_000 + 2 * ThreadLocalRandom.current().nextInt(2_000);
    VerdictConfig config =
        ConfigLoader.load(
            null,
            Map.of(),
            List.of("worker.uidBase=" + uidBase, "worker.compilerUidBase=" + (uidBase + 10_000)));
    compilerUid = config.worker().compilerUid(0);
    String id = Integer.toHexString(uidBase);
    cgroups = CgroupDriver.detect("verdict-it-warm-" + id);
    sandboxes =
        new SlotSandboxes(
            config.worker(),
            "verdict-it-warm-" + id,
            cgroups,
            Path.of(System.getProperty("java.io.tmpdir"), "verdict-it-bin"),
            new MetricRegistry());
    slotSandbox = sandboxes.forSlot(0, 0, temp.resolve("slot"));
    java = new Language("java", config.languages().get("java"), System.getProperty("java.home"));
    limits = config.limits().resolveCompile(java.config().compileLimits());
  }

  @AfterEach
  void tearDown() {
    slotSandbox.close();
    sandboxes.close();
    cgroups.close();
  }

  private WarmCompilers compilers(int maxCompiles) {
    return new WarmCompilers(
        scratch -> sandboxes.forCompiler(0, 0, scratch),
        compilerUid,
        temp.resolve("compilers"),
        ConfigLoader.defaults().limits(),
        maxCompiles,
        60_000,
        1,
        new MetricRegistry());
  }

  private WarmCompiler.Result compile(WarmCompiler compiler, Map<String, String> files) {
    return compile(compiler, files, limits);
  }

  private WarmCompiler.Result compile(
      WarmCompiler compiler, Map<String, String> files, ResourceLimits limits) {
    Map<String, byte[]> sources = new TreeMap<>();
    files.forEach((name, text) -> sources.put(name, text.getBytes(StandardCharsets.UTF_8)));
    return compiler.compile(sources, java.warmCompileOptions(), limits);
  }

  @Test
  void each_submission_sees_only_its_own_classes_though_they_share_names() {
    try (WarmCompilers compilers = compilers(100)) {
      WarmCompiler compiler = compilers.of(java);

      WarmCompiler.Result first =
          compile(compiler, Map.of("Main.java", MAIN_USING_HELPER, "Helper.java", HELPER_A));
      WarmCompiler.Result second = compile(compiler, Map.of("Main.java", MAIN_USING_HELPER));
      WarmCompiler.Result third = compile(compiler, Map.of("Main.java", MAIN_WITH_OWN_HELPER));

      assertThat(first.outcome()).as(first.output()).isEqualTo(WarmCompiler.Outcome.SUCCEEDED);
      assertThat(first.classes()).containsOnlyKeys("Main.class", "Helper.class");
      assertThat(second.outcome()).isEqualTo(WarmCompiler.Outcome.FAILED);
      assertThat(second.output()).startsWith("Main.java:1: error: cannot find symbol");
      assertThat(second.classes()).isEmpty();
      assertThat(third.outcome()).as(third.output()).isEqualTo(WarmCompiler.Outcome.SUCCEEDED);
      assertThat(new String(third.classes().get("Helper.class"), StandardCharsets.ISO_8859_1))
          .contains("B")
          .doesNotContain("A");
      assertThat(new String(first.classes().get("Helper.class"), StandardCharsets.ISO_8859_1))
          .contains("A");
      assertThat(compiler.starts()).isEqualTo(1);
    }
  }

  @Test
  void a_huge_source_over_the_cpu_limit_fails_and_the_next_compile_gets_a_fresh_compiler() {
    String huge = "class Big { static int[] a = {" + "1,".repeat(600_000) + "1}; }\n";
    try (WarmCompilers compilers = compilers(100)) {
      WarmCompiler compiler = compilers.of(java);

      WarmCompiler.Result slow =
          compile(compiler, Map.of("Big.java", huge), limits.withTime(300, 30_000));
      WarmCompiler.Result next = compile(compiler, Map.of("Main.java", MAIN_WITH_OWN_HELPER));

      assertThat(slow.outcome()).isEqualTo(WarmCompiler.Outcome.TIME_LIMIT);
      assertThat(next.outcome()).as(next.output()).isEqualTo(WarmCompiler.Outcome.SUCCEEDED);
      assertThat(compiler.starts()).isEqualTo(2);
    }
  }

  @Test
  void a_source_that_overflows_javacs_stack_is_a_failed_compile_and_the_compiler_is_replaced() {
    String deep =
        "class Deep { int x = " + "(".repeat(200_000) + "1" + ")".repeat(200_000) + "; }\n";
    try (WarmCompilers compilers = compilers(100)) {
      WarmCompiler compiler = compilers.of(java);

      WarmCompiler.Result crashed = compile(compiler, Map.of("Deep.java", deep));
      WarmCompiler.Result next = compile(compiler, Map.of("Main.java", MAIN_WITH_OWN_HELPER));

      assertThat(crashed.outcome()).isEqualTo(WarmCompiler.Outcome.FAILED);
      assertThat(crashed.output()).contains("StackOverflowError");
      assertThat(next.outcome()).as(next.output()).isEqualTo(WarmCompiler.Outcome.SUCCEEDED);
      assertThat(compiler.starts()).isEqualTo(2);
    }
  }

  @Test
  void the_compiler_is_replaced_after_its_maximum_number_of_compiles() {
    try (WarmCompilers compilers = compilers(2)) {
      WarmCompiler compiler = compilers.of(java);

      for (int i = 0; i < 3; i++) {
        assertThat(compile(compiler, Map.of("Main.java", MAIN_WITH_OWN_HELPER)).outcome())
            .isEqualTo(WarmCompiler.Outcome.SUCCEEDED);
      }

      assertThat(compiler.starts()).isEqualTo(2);
    }
  }
}
