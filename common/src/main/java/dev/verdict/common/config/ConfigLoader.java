package dev.verdict.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the configuration: built-in defaults, then the YAML file, then {@code VERDICT_*}
 * environment variables, then {@code --set key=value} overrides, each winning over the previous. An
 * unknown key, in any of the three, stops start-up by name.
 *
 * <p>Environment variable names are the key in upper snake case: {@code worker.reserveCores} is
 * {@code VERDICT_WORKER_RESERVE_CORES}. List values are comma-separated there.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "VERDICT_";

  /** Names the YAML file when {@code --config} is not given. Not itself a configuration key. */
  public static final String CONFIG_FILE_ENV = "VERDICT_CONFIG";

  /** Variables of the {@code verdict} script, not configuration keys, that reach the services. */
  private static final java.util.Set<String> NOT_KEYS =
      java.util.Set.of(
          CONFIG_FILE_ENV,
          "VERDICT_JAVA_OPTS",
          "VERDICT_TOKEN",
          "VERDICT_AOT",
          "VERDICT_AOT_TRAIN_SECONDS",
          "VERDICT_AOT_TRAIN_PORT_BASE");

  private static final String DEFAULT_LANGUAGES = "/verdict/default-languages.yaml";
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final Map<String, Class<?>> KEYS = scalarKeys();

  private ConfigLoader() {}

  /** Defaults only: what a machine gets without a file, variables or overrides. */
  public static VerdictConfig defaults() {
    return load(null, Map.of(), List.of());
  }

  /**
   * @param file the YAML file, or null for none
   * @param env the environment; only {@code VERDICT_*} entries are read
   * @param overrides {@code key=value} strings, e.g. {@code worker.prefetch=4}
   */
  public static VerdictConfig load(Path file, Map<String, String> env, List<String> overrides) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("languages", readDefaultLanguages());
    if (file != null) {
      deepMerge(root, readFile(file));
    }
    new TreeMap<>(env)
        .forEach(
            (name, value) -> {
              if (name.startsWith(ENV_PREFIX) && !NOT_KEYS.contains(name)) {
                String key = keyForEnv(name);
                if (key == null) {
                  throw new ConfigException(
                      "unknown configuration variable "
                          + name
                          + " (no key "
                          + guessKey(name)
                          + ")");
                }
                set(root, key, value);
              }
            });
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("an override must be key=value, was '" + override + "'");
      }
      String key = override.substring(0, eq).trim();
      if (!KEYS.containsKey(key) && !key.startsWith("languages.")) {
        throw new ConfigException("unknown configuration key '" + key + "'");
      }
      set(root, key, override.substring(eq + 1));
    }
    return bind(root);
  }

  /** Every scalar or list key with its type, for documentation and environment mapping. */
  public static Map<String, Class<?>> keys() {
    return KEYS;
  }

  public static String envName(String key) {
    return ENV_PREFIX
        + key.replace(".", "_")
            .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .toUpperCase(java.util.Locale.ROOT);
  }

  private static String keyForEnv(String envName) {
    for (String key : KEYS.keySet()) {
      if (envName(key).equals(envName)) {
        return key;
      }
    }
    return null;
  }

  private static String guessKey(String envName) {
    return envName
        .substring(ENV_PREFIX.length())
        .toLowerCase(java.util.Locale.ROOT)
        .replace('_', '.');
  }

  private static VerdictConfig bind(ObjectNode root) {
    try {
      return YAML.treeToValue(root, VerdictConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          "unknown configuration key '" + path(e, e.getPropertyName()) + "'", e);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String where = path(e, null);
      String message = cause.getMessage();
      if (where.isEmpty() || message.startsWith(where)) {
        throw new ConfigException(message, e);
      }
      throw new ConfigException(where + ": " + message, e);
    } catch (JsonMappingException e) {
      throw new ConfigException(
          "configuration key '" + path(e, null) + "' has the wrong type: " + e.getOriginalMessage(),
          e);
    } catch (JsonProcessingException e) {
      throw new ConfigException("configuration is not valid: " + e.getOriginalMessage(), e);
    }
  }

  private static String path(JsonMappingException e, String last) {
    String joined =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null
                        ? ref.getFieldName()
                        : String.valueOf(ref.getIndex()))
            .collect(Collectors.joining("."));
    if (last != null && !joined.endsWith(last)) {
      joined = joined.isEmpty() ? last : joined + "." + last;
    }
    return joined;
  }

  private static ObjectNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " does not exist");
    }
    try {
      JsonNode tree = YAML.readTree(file.toFile());
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!tree.isObject()) {
        throw new ConfigException("configuration file " + file + " must be a YAML mapping");
      }
      return (ObjectNode) tree;
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "configuration file " + file + " is not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e, e);
    }
  }

  private static ObjectNode readDefaultLanguages() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_LANGUAGES)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_LANGUAGES + " is missing from the class path");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Objects merge key by key; anything else in {@code top} replaces what {@code base} had. */
  static void deepMerge(ObjectNode base, ObjectNode top) {
    for (Map.Entry<String, JsonNode> field : top.properties()) {
      JsonNode existing = base.get(field.getKey());
      if (existing instanceof ObjectNode existingObject
          && field.getValue() instanceof ObjectNode topObject) {
        deepMerge(existingObject, topObject);
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void set(ObjectNode root, String key, String value) {
    String[] parts = key.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    String last = parts[parts.length - 1];
    if (List.class.equals(KEYS.get(key))) {
      ArrayNode array = node.putArray(last);
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          array.add(item.trim());
        }
      }
    } else {
      node.put(last, value);
    }
  }

  private static Map<String, Class<?>> scalarKeys() {
    Map<String, Class<?>> keys = new TreeMap<>();
    collect("", VerdictConfig.class, keys);
    return java.util.Collections.unmodifiableMap(keys);
  }

  private static void collect(String prefix, Class<?> type, Map<String, Class<?>> keys) {
    for (RecordComponent component : type.getRecordComponents()) {
      String key = prefix + component.getName();
      Class<?> componentType = component.getType();
      if (componentType.isRecord()) {
        collect(key + ".", componentType, keys);
      } else if (List.class.isAssignableFrom(componentType)) {
        Type generic = component.getGenericType();
        if (generic instanceof ParameterizedType) {
          keys.put(key, List.class);
        }
      } else if (!Map.class.isAssignableFrom(componentType)) {
        keys.put(key, componentType);
      }
    }
  }
}
