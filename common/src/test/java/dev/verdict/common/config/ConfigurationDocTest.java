package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every configuration key there is. */
class ConfigurationDocTest {

  @Test
  void every_configuration_key_is_documented() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

    for (String key : ConfigLoader.keys().keySet()) {
      String documented =
          key.matches("limits\\.(run|compile|checker|max)\\..*")
              ? key.substring(key.lastIndexOf('.') + 1)
              : key;
      assertThat(doc).as("docs/configuration.md mentions %s", key).contains("`" + documented + "`");
    }
  }

  @Test
  void every_language_field_is_documented() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

    for (var component : LanguageConfig.class.getRecordComponents()) {
      assertThat(doc)
          .as("docs/configuration.md mentions languages.*.%s", component.getName())
          .contains("`" + component.getName() + "`");
    }
  }
}
