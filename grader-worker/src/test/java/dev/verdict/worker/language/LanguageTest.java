package dev.verdict.worker.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.message.RunOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageTest {
  private static final Languages LANGUAGES =
      new Languages(ConfigLoader.defaults().enabledLanguages(), "/opt/jdk");

  private static Map<String, byte[]> files(String... nameThenContent) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      files.put(nameThenContent[i], nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  @Test
  void a_java_file_is_renamed_after_its_public_class_which_is_run() throws Exception {
    Language java = LANGUAGES.get("java").orElseThrow();

    SourceLayout layout =
        java.layout(
            files(
                "solution.java", "public class Adder { public static void main(String[] a) {} }"));

    assertThat(layout.files()).containsOnlyKeys("Adder.java");
    assertThat(layout.entry()).isEqualTo("Adder.java");
    assertThat(layout.mainClass()).isEqualTo("Adder");
    assertThat(java.runCommand(layout, LimitsConfig.defaults().runDefaults()))
        .contains("/opt/jdk/bin/java", "-Xmx192m", "Adder");
  }

  @Test
  void a_java_run_starts_with_the_ahead_of_time_cache_right_after_the_jvm_and_sees_it() {
    Language java =
        new Languages(ConfigLoader.defaults().enabledLanguages(), "/opt/jdk")
            .get("java")
            .orElseThrow();
    SourceLayout layout = new SourceLayout(Map.of(), List.of("Main.java"), "Main.java", "Main");
    RunOptions options = new RunOptions(List.of(), List.of(), List.of("-Xshare:off"), List.of());

    java.useAotCache(Path.of("/var/lib/verdict/work/aot-caches/java-1.aot"));

    assertThat(java.runCommand(layout, LimitsConfig.defaults().runDefaults(), options))
        .startsWith(
            "/opt/jdk/bin/java",
            "-XX:AOTCache=/var/lib/verdict/work/aot-caches/java-1.aot",
            "-Xlog:aot*=off",
            "-Xlog:cds*=off",
            "-Xshare:off")
        .endsWith("Main");
    assertThat(java.readOnlyPaths())
        .containsExactly("/opt/jdk", "/var/lib/verdict/work/aot-caches/java-1.aot");
  }

  @Test
  void a_language_without_a_cache_runs_its_command_as_configured() {
    Language java = LANGUAGES.get("java").orElseThrow();
    SourceLayout layout = new SourceLayout(Map.of(), List.of("Main.java"), "Main.java", "Main");

    assertThat(java.runCommand(layout, LimitsConfig.defaults().runDefaults()))
        .noneMatch(arg -> arg.startsWith("-XX:AOTCache") || arg.startsWith("-Xlog"));
    assertThat(java.readOnlyPaths()).containsExactly("/opt/jdk");
  }

  @Test
  void a_java_class_in_a_package_is_run_by_its_full_name() throws Exception {
    Language java = LANGUAGES.get("java").orElseThrow();

    SourceLayout layout =
        java.layout(
            files(
                "Main.java",
                "package contest;\npublic final class Main {\n public static void main(String[] a) {}\n}"));

    assertThat(layout.mainClass()).isEqualTo("contest.Main");
  }

  @Test
  void the_main_class_is_the_one_with_main_among_several_files() throws Exception {
    Language java = LANGUAGES.get("java").orElseThrow();

    SourceLayout layout =
        java.layout(
            files(
                "a.java", "public class Helper { static int f() { return 1; } }",
                "b.java", "public class Solver { public static void main(String[] x) {} }"));

    assertThat(layout.files()).containsOnlyKeys("Helper.java", "Solver.java");
    assertThat(layout.mainClass()).isEqualTo("Solver");
  }

  @Test
  void sources_expand_into_separate_arguments_of_the_compile_command() throws Exception {
    Language c = LANGUAGES.get("c").orElseThrow();

    SourceLayout layout =
        c.layout(files("main.c", "int main(){}", "util.c", "int f(){return 1;}", "util.h", ""));

    assertThat(c.compileCommand(layout, LimitsConfig.defaults().runDefaults()))
        .containsSubsequence("-o", "main", "main.c", "util.c", "-lm")
        .doesNotContain("util.h");
    assertThat(layout.entry()).isEqualTo("main.c");
  }

  @Test
  void a_single_python_file_is_the_entry_whatever_its_name() throws Exception {
    Language python = LANGUAGES.get("python3").orElseThrow();

    SourceLayout layout = python.layout(files("solve.py", "print(1)"));

    assertThat(python.runCommand(layout, LimitsConfig.defaults().runDefaults()))
        .containsExactly("/usr/bin/python3", "-B", "solve.py");
  }

  @Test
  void run_options_go_before_the_sources_after_everything_and_after_the_runtime() throws Exception {
    Language c = LANGUAGES.get("c").orElseThrow();
    Language python = LANGUAGES.get("python3").orElseThrow();
    RunOptions options =
        new RunOptions(
            List.of("-Wall", "-DN=3"), List.of("-lcrypt"), List.of("-u"), List.of("a b", "c"));

    List<String> compile =
        c.compileCommand(
            c.layout(files("prog.c", "int main(){}")),
            LimitsConfig.defaults().runDefaults(),
            options);
    List<String> run =
        python.runCommand(
            python.layout(files("prog.py", "print(1)")),
            LimitsConfig.defaults().runDefaults(),
            options);

    assertThat(compile)
        .containsSubsequence("-std=c17", "-Wall", "-DN=3", "prog.c", "-lm", "-lcrypt");
    assertThat(compile.getLast()).isEqualTo("-lcrypt");
    assertThat(run).containsExactly("/usr/bin/python3", "-u", "-B", "prog.py", "a b", "c");
  }

  @Test
  void an_ambiguous_entry_point_or_no_source_is_the_submitters_mistake() {
    Language python = LANGUAGES.get("python3").orElseThrow();

    assertThatThrownBy(() -> python.layout(files("a.py", "1", "b.py", "2")))
        .isInstanceOf(SourceLayoutException.class)
        .hasMessageContaining("main.py");
    assertThatThrownBy(() -> python.layout(files("notes.txt", "hi")))
        .isInstanceOf(SourceLayoutException.class)
        .hasMessageContaining(".py");
  }
}
