package dev.verdict.worker.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.language.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  private WarmSlot slot;
  private Language java;
  private ResourceLimits limits;

  @BeforeEach
  void setUp() throws Exception {
    slot = new WarmSlot("verdict-it-warm", temp);
    VerdictConfig config = slot.config();
    java = new Language("java", config.languages().get("java"), System.getProperty("java.home"));
    limits = config.limits().resolveCompile(java.config().compileLimits());
  }

  @AfterEach
  void tearDown() {
    slot.close();
  }

  private WarmCompilers compilers(int maxCompiles) {
    return slot.compilers(maxCompiles, 1);
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
  void an_option_naming_a_path_is_refused_and_leaves_nothing_for_the_next_compile() {
    try (WarmCompilers compilers = compilers(100)) {
      WarmCompiler compiler = compilers.of(java);
      Map<String, byte[]> helper = Map.of("Helper.java", HELPER_A.getBytes(StandardCharsets.UTF_8));
      List<String> options = new java.util.ArrayList<>(java.warmCompileOptions());
      options.addAll(List.of("-d", "/tmp/planted"));

      WarmCompiler.Result refused = compiler.compile(helper, options, limits);
      WarmCompiler.Result next = compile(compiler, Map.of("Main.java", MAIN_USING_HELPER), limits);

      assertThat(refused.outcome()).isEqualTo(WarmCompiler.Outcome.FAILED);
      assertThat(refused.output()).contains("option not allowed: -d");
      assertThat(next.outcome()).isEqualTo(WarmCompiler.Outcome.FAILED);
      assertThat(next.output()).contains("cannot find symbol");
    }
  }

  @Test
  void an_enormous_constant_or_deeply_nested_generics_fail_to_compile_and_the_next_compiles() {
    String constant = "class Big { String s = \"" + "x".repeat(100_000) + "\"; }\n";
    String generics =
        "class Deep { java.util.List<"
            + "java.util.List<".repeat(20_000)
            + "String"
            + ">".repeat(20_001)
            + " x; }\n";
    try (WarmCompilers compilers = compilers(100)) {
      WarmCompiler compiler = compilers.of(java);

      WarmCompiler.Result big = compile(compiler, Map.of("Big.java", constant));
      WarmCompiler.Result deep = compile(compiler, Map.of("Deep.java", generics));
      WarmCompiler.Result next = compile(compiler, Map.of("Main.java", MAIN_WITH_OWN_HELPER));

      assertThat(big.outcome()).isEqualTo(WarmCompiler.Outcome.FAILED);
      assertThat(big.output()).contains("constant string too long");
      assertThat(deep.outcome()).isIn(WarmCompiler.Outcome.FAILED, WarmCompiler.Outcome.TIME_LIMIT);
      assertThat(deep.classes()).isEmpty();
      assertThat(next.outcome()).as(next.output()).isEqualTo(WarmCompiler.Outcome.SUCCEEDED);
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
