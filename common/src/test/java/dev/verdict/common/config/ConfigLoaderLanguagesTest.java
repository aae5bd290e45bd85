package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment's {@code languages:} section is merged over the built-in table key by key. */
class ConfigLoaderLanguagesTest {
  @TempDir Path temp;

  @Test
  void disabling_a_language_hides_it_and_keeps_the_others() throws IOException {
    VerdictConfig config = load("languages:\n  bash:\n    enabled: false\n");

    assertThat(config.enabledLanguages()).doesNotContainKey("bash").containsKey("python3");
    assertThat(config.languages().get("bash").run()).containsExactly("/bin/bash", "{entry}");
    assertThat(config.languages().get("python3"))
        .isEqualTo(ConfigLoader.defaults().languages().get("python3"));
  }

  @Test
  void a_set_override_can_disable_a_language() {
    VerdictConfig config =
        ConfigLoader.load(null, Map.of(), List.of("languages.bash.enabled=false"));

    assertThat(config.enabledLanguages()).doesNotContainKey("bash").containsKey("python3");
  }

  @Test
  void a_new_language_is_added_beside_the_built_in_ones() throws IOException {
    VerdictConfig config =
        load(
            """
            languages:
              ruby:
                displayName: Ruby
                sourceExtensions: [".rb"]
                entryNames: ["main.rb"]
                run: ["/usr/bin/ruby", "{entry}"]
                timeMultiplier: 2.5
            """);

    LanguageConfig ruby = config.enabledLanguages().get("ruby");
    assertThat(ruby.displayName()).isEqualTo("Ruby");
    assertThat(ruby.run()).containsExactly("/usr/bin/ruby", "{entry}");
    assertThat(ruby.compiled()).isFalse();
    assertThat(ruby.timeMultiplier()).isEqualTo(2.5);
    assertThat(config.enabledLanguages()).containsKeys("python3", "java", "ruby");
  }

  @Test
  void overriding_one_field_keeps_the_language_s_other_fields() throws IOException {
    VerdictConfig config = load("languages:\n  java:\n    limits:\n      processes: 256\n");

    LanguageConfig java = config.languages().get("java");
    assertThat(java.limits().processes()).isEqualTo(256);
    assertThat(java.naming()).isEqualTo(LanguageConfig.NAMING_JAVA);
    assertThat(java.compiled()).isTrue();
    assertThat(java.memoryOverheadMb()).isEqualTo(64);
  }

  @Test
  void a_list_in_the_file_replaces_the_built_in_list() throws IOException {
    VerdictConfig config =
        load("languages:\n  python3:\n    run: [\"/usr/bin/pypy3\", \"{entry}\"]\n");

    assertThat(config.languages().get("python3").run())
        .containsExactly("/usr/bin/pypy3", "{entry}");
    assertThat(config.languages().get("python3").displayName()).isEqualTo("Python 3");
  }

  @Test
  void a_new_language_without_a_run_command_fails_naming_the_language() throws IOException {
    Path file =
        Files.writeString(temp.resolve("v.yaml"), "languages:\n  ruby:\n    displayName: Ruby\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ruby")
        .hasMessageContaining("run");
  }

  @Test
  void an_unknown_language_field_fails_naming_it() throws IOException {
    Path file =
        Files.writeString(temp.resolve("v.yaml"), "languages:\n  bash:\n    enabeld: false\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("languages.bash.enabeld");
  }

  @Test
  void a_language_name_that_is_not_lower_case_fails_naming_it() throws IOException {
    Path file = Files.writeString(temp.resolve("v.yaml"), "languages:\n  Ruby:\n    run: [ruby]\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'Ruby'");
  }

  private VerdictConfig load(String yaml) throws IOException {
    return ConfigLoader.load(Files.writeString(temp.resolve("v.yaml"), yaml), Map.of(), List.of());
  }
}
