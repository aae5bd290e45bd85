package dev.verdict.common.language;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.LanguageConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The entry point rules of docs/problems.md §15.2, on the multi-file submissions DOMjudge's {@code
 * hello} example carries (their shape, not their text) and on the ambiguous cases.
 */
class EntryPointsTest {
  private static final Map<String, LanguageConfig> LANGUAGES =
      ConfigLoader.defaults().enabledLanguages();

  private static Map<String, byte[]> files(String... nameThenContent) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      files.put(nameThenContent[i], nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  private static EntryPoints.Choice choose(String language, Map<String, byte[]> files) {
    return EntryPoints.choose(LANGUAGES.get(language), files, null);
  }

  @Test
  void python_runs_main_py_beside_its_modules() {
    assertThat(
            choose("python3", files("main.py", "import message\n", "message.py", "X = 1\n")).file())
        .isEqualTo("main.py");
  }

  @Test
  void python_runs_dunder_main_before_main_py() {
    assertThat(choose("python3", files("__main__.py", "", "main.py", "")).file())
        .isEqualTo("__main__.py");
  }

  @Test
  void python_runs_the_one_file_no_other_file_imports() {
    assertThat(
            choose(
                    "python3",
                    files(
                        "solve.py",
                        "from util import read\nprint(read())\n",
                        "util.py",
                        "def read(): return 1\n"))
                .file())
        .isEqualTo("solve.py");
  }

  @Test
  void two_python_files_that_import_nothing_are_ambiguous_and_name_the_field() {
    EntryPoints.Choice choice =
        choose("python3", files("a.py", "print(1)\n", "b.py", "print(2)\n"));

    assertThat(choice.refused()).isTrue();
    assertThat(choice.problem()).contains("a.py", "b.py", "main.py", "entryPoint");
  }

  @Test
  void a_named_entry_point_wins_as_a_file_or_a_module() {
    Map<String, byte[]> files = files("a.py", "print(1)\n", "b.py", "print(2)\n");
    LanguageConfig python = LANGUAGES.get("python3");

    assertThat(EntryPoints.choose(python, files, "b.py").file()).isEqualTo("b.py");
    assertThat(EntryPoints.choose(python, files, "b").file()).isEqualTo("b.py");
    assertThat(EntryPoints.choose(python, files, "c.py").problem())
        .contains("names none of the submitted source files");
  }

  @Test
  void javascript_runs_package_json_main_then_main_js() {
    assertThat(
            choose(
                    "javascript",
                    files("a.js", "", "b.js", "", "package.json", "{\"main\": \"./b.js\"}"))
                .file())
        .isEqualTo("b.js");
    assertThat(choose("javascript", files("main.mjs", "", "module.mjs", "")).file())
        .isEqualTo("main.mjs");
  }

  @Test
  void javascript_runs_the_file_that_imports_the_other_even_by_a_wrong_extension() {
    Map<String, byte[]> esm =
        files(
            "hello.js",
            "import { hello } from './module.js';\nconsole.log(hello());\n",
            "module.js",
            "export function hello() { return 'Hello world!'; }\n",
            "package.json",
            "{\"type\": \"module\"}");
    Map<String, byte[]> wrongExtension =
        files(
            "hello.js",
            "import { hello } from './module.mjs';\n",
            "module.js",
            "export function hello() {}\n");
    Map<String, byte[]> required =
        files("a.js", "const m = require('./lib');\n", "lib.js", "module.exports = 1;\n");

    assertThat(choose("javascript", esm).file()).isEqualTo("hello.js");
    assertThat(choose("javascript", wrongExtension).file()).isEqualTo("hello.js");
    assertThat(choose("javascript", required).file()).isEqualTo("a.js");
  }

  @Test
  void bash_runs_the_script_that_sources_the_other() {
    assertThat(
            choose("bash", files("run.sh", ". ./secondary.sh\n", "secondary.sh", "echo hi\n"))
                .file())
        .isEqualTo("run.sh");
  }

  @Test
  void java_runs_the_class_with_main_whatever_the_file_names() {
    EntryPoints.Choice choice =
        choose(
            "java",
            files(
                "hello.java",
                "public class hello { public static void main(String[] args) {} }",
                "message.java",
                "public class message { public void print() {} }"));

    assertThat(choice.mainClass()).isEqualTo("hello");
    assertThat(choice.file()).isEqualTo("hello.java");
  }

  @Test
  void java_runs_a_class_in_a_package_by_its_qualified_name() {
    EntryPoints.Choice choice =
        choose(
            "java",
            files(
                "A.java",
                "package foo.bar.a;\npublic class A { public static void foo() {} }",
                "B.java",
                "package zoo.goo.moo.b;\nimport foo.bar.a.A;\n"
                    + "public class B { public static void main(String[] args) { A.foo(); } }"));

    assertThat(choice.mainClass()).isEqualTo("zoo.goo.moo.b.B");
  }

  @Test
  void java_with_several_main_classes_takes_main_or_is_ambiguous() {
    Map<String, byte[]> withMain =
        files(
            "a.java", "class A { public static void main(String[] a) {} }",
            "b.java", "class Main { public static void main(String... a) {} }");
    Map<String, byte[]> withoutMain =
        files(
            "a.java", "public class a { public static void main(String[] args) {} }",
            "b.java", "public class b { public static void main(String[] args) {} }");

    assertThat(choose("java", withMain).mainClass()).isEqualTo("Main");
    assertThat(choose("java", withoutMain).problem()).contains("[a, b]", "entryPoint");
    assertThat(EntryPoints.choose(LANGUAGES.get("java"), withoutMain, "b").mainClass())
        .isEqualTo("b");
    assertThat(EntryPoints.choose(LANGUAGES.get("java"), withoutMain, "c").problem())
        .contains("names a class");
  }

  @Test
  void c_needs_no_entry_point() {
    EntryPoints.Choice choice = choose("c", files("x.c", "int main(){}", "y.c", ""));

    assertThat(choice.refused()).isFalse();
  }
}
