package dev.verdict.worker.compiler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompileServerOptionsTest {

  @Test
  void options_that_name_no_file_and_load_no_code_are_taken() {
    assertThat(
            CompileServer.refusedOption(
                List.of(
                    "-encoding",
                    "UTF-8",
                    "-Xlint:all,-serial",
                    "-g",
                    "--release",
                    "21",
                    "--enable-preview",
                    "-Xmaxerrs",
                    "5",
                    "-Werror")))
        .isNull();
  }

  @Test
  void options_that_name_paths_plugins_or_processors_are_refused() {
    for (List<String> options :
        List.of(
            List.of("-d", "/tmp/later"),
            List.of("-s", "/tmp/x"),
            List.of("-cp", "/tmp/x"),
            List.of("--processor-module-path", "/tmp/evil"),
            List.of("-processorpath", "/tmp/evil"),
            List.of("-Xplugin:Evil"),
            List.of("-processor", "Evil"),
            List.of("-J-Xmx4g"),
            List.of("@/tmp/args"),
            List.of("-Xstdout", "/tmp/out"),
            List.of("-encoding", "/etc/passwd"),
            List.of("--release"))) {
      assertThat(CompileServer.refusedOption(options)).as(options.toString()).isNotNull();
    }
  }
}
