package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where configuration comes from and which source wins. */
class ConfigLoaderTest {
  @TempDir Path temp;

  @Test
  void defaults_load_without_a_file_variables_or_overrides() {
    VerdictConfig config = ConfigLoader.defaults();

    assertThat(config.namespace()).isEqualTo(VerdictConfig.DEFAULT_NAMESPACE);
    assertThat(config.worker()).isEqualTo(WorkerConfig.defaults());
    assertThat(config.rabbitmq()).isEqualTo(RabbitConfig.defaults());
    assertThat(config.redis()).isEqualTo(RedisConfig.defaults());
    assertThat(config.mongo()).isEqualTo(MongoConfig.defaults());
    assertThat(config.api()).isEqualTo(ApiConfig.defaults());
    assertThat(config.dispatcher()).isEqualTo(DispatcherConfig.defaults());
    assertThat(config.limits()).isEqualTo(LimitsConfig.defaults());
    assertThat(config.worker().prefetch()).isEqualTo(WorkerConfig.DEFAULT_PREFETCH);
    assertThat(config.enabledLanguages())
        .containsOnlyKeys("bash", "c", "cpp", "java", "javascript", "python3");
  }

  @Test
  void the_file_overrides_the_defaults() throws IOException {
    Path file = yaml("worker:\n  prefetch: 4\nrabbitmq:\n  host: rabbit.internal\n");

    VerdictConfig config = ConfigLoader.load(file, Map.of(), List.of());

    assertThat(config.worker().prefetch()).isEqualTo(4);
    assertThat(config.rabbitmq().host()).isEqualTo("rabbit.internal");
    assertThat(config.rabbitmq().port()).isEqualTo(RabbitConfig.DEFAULT_PORT);
  }

  @Test
  void an_environment_variable_overrides_the_file() throws IOException {
    Path file = yaml("worker:\n  prefetch: 4\n");

    VerdictConfig config =
        ConfigLoader.load(file, Map.of("VERDICT_WORKER_PREFETCH", "8"), List.of());

    assertThat(config.worker().prefetch()).isEqualTo(8);
  }

  @Test
  void a_set_override_overrides_the_environment() throws IOException {
    Path file = yaml("worker:\n  prefetch: 4\n");

    VerdictConfig config =
        ConfigLoader.load(
            file, Map.of("VERDICT_WORKER_PREFETCH", "8"), List.of("worker.prefetch=16"));

    assertThat(config.worker().prefetch()).isEqualTo(16);
  }

  @Test
  void the_last_set_override_of_a_key_wins() {
    VerdictConfig config =
        ConfigLoader.load(null, Map.of(), List.of("worker.prefetch=2", "worker.prefetch=3"));

    assertThat(config.worker().prefetch()).isEqualTo(3);
  }

  @Test
  void variables_outside_the_verdict_prefix_and_the_config_file_variable_are_not_keys() {
    VerdictConfig config =
        ConfigLoader.load(
            null,
            Map.of("PATH", "/usr/bin", "HOME", "/root", ConfigLoader.CONFIG_FILE_ENV, "/x.yaml"),
            List.of());

    assertThat(config).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void an_empty_file_means_defaults() throws IOException {
    assertThat(ConfigLoader.load(yaml(""), Map.of(), List.of())).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void env_names_are_the_key_in_upper_snake_case() {
    assertThat(ConfigLoader.envName("worker.prefetch")).isEqualTo("VERDICT_WORKER_PREFETCH");
    assertThat(ConfigLoader.envName("worker.reserveCores"))
        .isEqualTo("VERDICT_WORKER_RESERVE_CORES");
    assertThat(ConfigLoader.envName("limits.run.timeLimitMs"))
        .isEqualTo("VERDICT_LIMITS_RUN_TIME_LIMIT_MS");
  }

  @Test
  void a_camel_case_key_is_set_through_its_environment_variable() {
    VerdictConfig config =
        ConfigLoader.load(
            null,
            Map.of("VERDICT_WORKER_RESERVE_CORES", "2", "VERDICT_LIMITS_RUN_MEMORY_MB", "128"),
            List.of());

    assertThat(config.worker().reserveCores()).isEqualTo(2);
    assertThat(config.limits().runDefaults().memoryMb()).isEqualTo(128);
  }

  @Test
  void the_verdict_scripts_own_variables_are_not_taken_for_keys() {
    VerdictConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "VERDICT_JAVA_OPTS", "-XX:+UseSerialGC",
                "VERDICT_AOT", "off",
                "VERDICT_AOT_TRAIN_SECONDS", "40",
                "VERDICT_AOT_TRAIN_PORT_BASE", "18200"),
            List.of());

    assertThat(config).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void keys_cover_every_section() {
    assertThat(ConfigLoader.keys())
        .containsKeys(
            "namespace",
            "worker.prefetch",
            "rabbitmq.taskDeliveryLimit",
            "redis.statusTtlSeconds",
            "mongo.uri",
            "api.port",
            "dispatcher.outboxGraceMs",
            "limits.wallTimeFactor",
            "limits.max.memoryMb")
        .doesNotContainKey("languages");
  }

  @Test
  void every_key_maps_to_a_distinct_env_name_that_maps_back_to_it() throws Exception {
    Set<String> names = new HashSet<>();
    VerdictConfig defaults = ConfigLoader.defaults();
    for (String key : ConfigLoader.keys().keySet()) {
      String env = ConfigLoader.envName(key);
      assertThat(names.add(env)).as("%s is the env name of two keys", env).isTrue();

      String value = valueAt(defaults, key);
      VerdictConfig loaded = ConfigLoader.load(null, Map.of(env, value), List.of());

      assertThat(valueAt(loaded, key)).as("%s via %s", key, env).isEqualTo(value);
    }
  }

  /**
   * The key's value in {@code config} as text; "1" where it is unset (valid for every such key).
   */
  private static String valueAt(Object config, String key) throws Exception {
    Object node = config;
    for (String part : key.split("\\.")) {
      RecordComponent component = component(node.getClass(), part);
      node = component.getAccessor().invoke(node);
      if (node == null) {
        return "1";
      }
    }
    if (node instanceof List<?> list) {
      // why: a list key's variable holds its items comma-separated.
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(node);
  }

  private static RecordComponent component(Class<?> type, String name) {
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equals(name)) {
        return component;
      }
    }
    throw new AssertionError(type.getSimpleName() + " has no component " + name);
  }

  private Path yaml(String content) throws IOException {
    return Files.writeString(temp.resolve("verdict.yaml"), content);
  }
}
