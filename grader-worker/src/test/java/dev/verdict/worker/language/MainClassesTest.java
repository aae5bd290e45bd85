package dev.verdict.worker.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startable classes found in compiled class files, as DOMjudge's DetectMain finds them. */
class MainClassesTest {
  private static final Language JAVA =
      new Languages(ConfigLoader.defaults().enabledLanguages(), "/opt/jdk")
          .get("java")
          .orElseThrow();

  @TempDir Path dir;

  private SourceLayout compiled(String... nameThenContent) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      files.put(nameThenContent[i], nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    SourceLayout layout = JAVA.layout(files);
    List<String> args = new ArrayList<>(List.of("-d", dir.toString()));
    for (String source : layout.sources()) {
      Path file = dir.resolve(source);
      Files.write(file, layout.files().get(source));
      args.add(file.toString());
    }
    int status =
        ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0]));
    assertThat(status).as("javac").isZero();
    return layout;
  }

  @Test
  void the_class_with_public_static_main_is_found_in_its_package() throws Exception {
    compiled(
        "A.java", "package foo.bar.a;\npublic class A { public static void foo() {} }",
        "B.java", "package zoo.b;\npublic class B { public static void main(String[] args) {} }");

    assertThat(MainClasses.in(dir)).containsExactly(new MainClasses.MainClass("zoo.b.B", true));
  }

  @Test
  void a_main_hidden_in_a_comment_is_no_main_and_the_run_is_a_compilation_error() throws Exception {
    SourceLayout layout =
        compiled(
            "main.java",
            "/* public static void main(String[] args) */\n"
                + "public class main { int main() { return 0; } }");

    assertThatThrownBy(() -> JAVA.withMainClass(layout, dir, null))
        .isInstanceOf(SourceLayoutException.class)
        .hasMessageContaining("no class has a main method");
  }

  @Test
  void a_main_the_sources_did_not_reveal_is_found_in_the_classes() throws Exception {
    SourceLayout layout =
        compiled(
            "Solution.java",
            "public class Solution { static class Runner {\n"
                + "  public static void main(String[] args) {} } }");

    assertThat(JAVA.withMainClass(layout, dir, null).mainClass()).isEqualTo("Solution$Runner");
  }

  @Test
  void a_named_class_without_main_is_a_compilation_error() throws Exception {
    SourceLayout layout =
        JAVA.layout(
            Map.of(
                "A.java",
                "public class A { public static void main(String[] a) {} }"
                    .getBytes(StandardCharsets.UTF_8),
                "B.java",
                "public class B {}".getBytes(StandardCharsets.UTF_8)),
            "B");
    compiled(
        "A.java", "public class A { public static void main(String[] a) {} }",
        "B.java", "public class B {}");

    assertThatThrownBy(() -> JAVA.withMainClass(layout, dir, "B"))
        .isInstanceOf(SourceLayoutException.class)
        .hasMessageContaining("class B has no main method");
  }

  @Test
  void a_file_that_is_no_class_file_is_no_candidate() throws IOException {
    Files.write(dir.resolve("Evil.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 1});

    assertThat(MainClasses.in(dir)).isEmpty();
  }
}
