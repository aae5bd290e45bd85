package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad configuration stops start-up with a message that names what to fix. */
class ConfigLoaderErrorsTest {
  @TempDir Path temp;

  @Test
  void an_unknown_key_in_the_file_fails_naming_the_key() throws IOException {
    Path file = yaml("worker:\n  prefech: 2\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.prefech");
  }

  @Test
  void an_unknown_top_level_section_in_the_file_fails_naming_it() throws IOException {
    Path file = yaml("wroker:\n  prefetch: 2\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("wroker");
  }

  @Test
  void an_unknown_environment_variable_fails_naming_it() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("VERDICT_WORKER_PREFECH", "2"), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VERDICT_WORKER_PREFECH");
  }

  @Test
  void an_unknown_set_key_fails_naming_it() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("worker.prefech=2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.prefech");
  }

  @Test
  void a_published_flag_interval_not_below_the_outbox_grace_fails_naming_both() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null,
                    Map.of(),
                    List.of("api.publishedFlagIntervalMs=5000", "dispatcher.outboxGraceMs=5000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api.publishedFlagIntervalMs")
        .hasMessageContaining("dispatcher.outboxGraceMs");
  }

  @Test
  void a_set_override_without_a_value_fails() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("worker.prefetch")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key=value");
  }

  @Test
  void an_out_of_range_value_in_the_file_fails_naming_key_and_range() throws IOException {
    Path file = yaml("worker:\n  prefetch: 0\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("worker.prefetch must be 1..1000, was 0");
  }

  @Test
  void an_out_of_range_value_from_the_environment_fails_naming_key_and_range() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("VERDICT_REDIS_PORT", "70000"), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("redis.port must be 1..65535, was 70000");
  }

  @Test
  void an_out_of_range_set_override_fails_naming_key_and_range() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of(), List.of("rabbitmq.taskDeliveryLimit=0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("rabbitmq.taskDeliveryLimit must be 1..100, was 0");
  }

  @Test
  void a_non_positive_limit_fails_naming_the_section_and_the_limit() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("limits.run.memoryMb=0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limits.run")
        .hasMessageContaining("memoryMb must be positive, was 0");
  }

  @Test
  void a_value_of_the_wrong_type_fails_naming_the_key() throws IOException {
    Path file = yaml("worker:\n  prefetch: many\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker.prefetch")
        .hasMessageContaining("wrong type");
  }

  @Test
  void a_set_override_of_the_wrong_type_fails_naming_the_key() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("api.port=eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api.port")
        .hasMessageContaining("wrong type");
  }

  @Test
  void a_scalar_where_a_section_belongs_fails_naming_the_section() throws IOException {
    Path file = yaml("worker: 3\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("worker");
  }

  @Test
  void a_missing_file_fails_naming_it() {
    Path missing = temp.resolve("nowhere.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void a_file_that_is_not_yaml_fails_naming_it() throws IOException {
    Path file = yaml("worker: [unclosed\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void a_file_that_is_not_a_mapping_fails_naming_it() throws IOException {
    Path file = yaml("- worker\n- api\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("mapping");
  }

  private Path yaml(String content) throws IOException {
    return Files.writeString(temp.resolve("verdict.yaml"), content);
  }
}
