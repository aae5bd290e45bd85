package dev.verdict.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code problem.yaml} says, checked. Every key is either used, known to change nothing about
 * grading (authorship, tuning hints for setting limits) and ignored, or refused by name: a package
 * asking for a feature Verdict does not have (interactive problems, custom grading) is refused
 * rather than graded wrongly.
 *
 * @param name the problem's name, or null to use its id
 * @param timeLimitMs {@code limits.time_limit} in milliseconds, or null
 * @param memoryMb {@code limits.memory} in MiB, or null
 * @param outputMb {@code limits.output} in MiB, or null
 * @param stopOnFailure {@code on_reject: break} (by default for pass-fail problems) rather than
 *     {@code continue} (by default for scoring ones)
 */
public record ProblemYaml(
    String name,
    ProblemType type,
    Long timeLimitMs,
    Integer memoryMb,
    Integer outputMb,
    Validation validation,
    List<String> validatorFlags,
    boolean stopOnFailure) {

  public static final String FILE = "problem.yaml";

  /** How output is judged: {@code validation} in problem.yaml. */
  public enum Validation {
    /** Token by token, case-insensitive, numbers with tolerance flags. */
    DEFAULT,
    /** Byte for byte (a Verdict extension). */
    EXACT,
    /** By the package's own output validator in {@code output_validators/}. */
    CUSTOM
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Set<String> USED =
      Set.of("name", "type", "limits", "validation", "validator_flags", "on_reject");
  private static final Set<String> METADATA =
      Set.of(
          "problem_format_version",
          "uuid",
          "author",
          "source",
          "source_url",
          "license",
          "rights_owner",
          "keywords",
          "credits");
  private static final Map<String, String> UNSUPPORTED =
      Map.of(
          "grading", "custom grading of scores",
          "languages", "a restricted list of languages",
          "embargo_until", "embargoes");
  private static final Set<String> USED_LIMITS = Set.of("time_limit", "memory", "output");
  private static final Set<String> IGNORED_LIMITS =
      Set.of(
          "time_multiplier",
          "time_multipliers",
          "time_safety_margin",
          "time_resolution",
          "code",
          "compilation_time",
          "compilation_memory",
          "validation_time",
          "validation_memory",
          "validation_output",
          "validation_passes");
  private static final Set<String> FORMAT_VERSIONS = Set.of("legacy", "legacy-icpc");

  public ProblemYaml {
    validatorFlags = List.copyOf(validatorFlags);
  }

  /**
   * @throws ProblemPackageException naming problem.yaml, the key and what is wrong with it
   */
  public static ProblemYaml parse(byte[] content) {
    JsonNode root = readYaml(FILE, content);
    if (!root.isObject()) {
      throw refuse("must be a mapping of keys to values");
    }
    for (String key : iterable(root.fieldNames())) {
      if (UNSUPPORTED.containsKey(key)) {
        throw refuse(key + " (" + UNSUPPORTED.get(key) + ") is not supported");
      }
      if (!USED.contains(key) && !METADATA.contains(key)) {
        throw refuse("unknown key '" + key + "'");
      }
    }
    JsonNode version = root.path("problem_format_version");
    if (!version.isMissingNode() && !FORMAT_VERSIONS.contains(version.asText())) {
      throw refuse("problem_format_version '" + version.asText() + "' is not supported (legacy)");
    }
    ProblemType type = type(root.path("type"));
    JsonNode limits = limits(root.path("limits"));
    return new ProblemYaml(
        name(root.path("name")),
        type,
        limits.has("time_limit") ? secondsToMs(limits.get("time_limit")) : null,
        positiveInt(limits, "memory"),
        positiveInt(limits, "output"),
        validation(root.path("validation")),
        flags(root.path("validator_flags")),
        stopOnFailure(root.path("on_reject"), type));
  }

  /**
   * Reads a YAML file of the package (problem.yaml, testdata.yaml): UTF-8, no duplicate keys.
   * Returns an empty mapping for an empty file.
   */
  static JsonNode readYaml(String path, byte[] content) {
    String text = Utf8.decode(path, content);
    try {
      JsonNode node = YAML.readTree(text);
      return node == null || node.isMissingNode() ? YAML.createObjectNode() : node;
    } catch (IOException | RuntimeException e) {
      // why: the parser's message spans lines (a location, a snippet); the first says what is
      // wrong.
      String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw ProblemPackageException.inFile(path, "is not valid YAML: " + first, e);
    }
  }

  private static String name(JsonNode name) {
    if (name.isMissingNode() || name.isNull()) {
      return null;
    }
    if (name.isTextual()) {
      return name.asText();
    }
    if (name.isObject() && name.size() > 0) {
      JsonNode english = name.path("en");
      return english.isTextual() ? english.asText() : name.elements().next().asText();
    }
    throw refuse("name must be text, or a mapping from language code to text");
  }

  private static ProblemType type(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return ProblemType.PASS_FAIL;
    }
    List<String> words = words(node, "type");
    ProblemType type = null;
    for (String word : words) {
      ProblemType known = ProblemType.ofYamlName(word);
      if (known == null) {
        throw refuse("type '" + word + "' is not supported (pass-fail, scoring)");
      }
      if (type != null && type != known) {
        throw refuse("type names both " + type.yamlName() + " and " + known.yamlName());
      }
      type = known;
    }
    if (type == null) {
      throw refuse("type must be pass-fail or scoring");
    }
    return type;
  }

  private static JsonNode limits(JsonNode limits) {
    if (limits.isMissingNode() || limits.isNull()) {
      return YAML.createObjectNode();
    }
    if (!limits.isObject()) {
      throw refuse("limits must be a mapping");
    }
    for (String key : iterable(limits.fieldNames())) {
      if (!USED_LIMITS.contains(key) && !IGNORED_LIMITS.contains(key)) {
        throw refuse("unknown key 'limits." + key + "'");
      }
    }
    return limits;
  }

  private static long secondsToMs(JsonNode value) {
    if (!value.isNumber() || value.asDouble() <= 0) {
      throw refuse("limits.time_limit must be a positive number of seconds");
    }
    return Math.round(value.asDouble() * 1000);
  }

  private static Integer positiveInt(JsonNode limits, String key) {
    if (!limits.has(key)) {
      return null;
    }
    JsonNode value = limits.get(key);
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() <= 0) {
      throw refuse("limits." + key + " must be a positive integer");
    }
    return value.asInt();
  }

  private static Validation validation(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Validation.DEFAULT;
    }
    List<String> words = words(node, "validation");
    String all = String.join(" ", words);
    Validation validation =
        switch (words.isEmpty() ? "" : words.getFirst()) {
          case "default" -> Validation.DEFAULT;
          case "exact" -> Validation.EXACT;
          case "custom" -> Validation.CUSTOM;
          default ->
              throw refuse("validation '" + all + "' is not supported (default, exact, custom)");
        };
    for (String option : words.subList(1, words.size())) {
      String feature =
          switch (option) {
            case "interactive" -> "interactive problems";
            case "score" -> "validators that score";
            default -> "unknown option '" + option + "'";
          };
      throw refuse("validation '" + all + "' is not supported: " + feature);
    }
    return validation;
  }

  private static List<String> flags(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    return words(node, "validator_flags");
  }

  private static boolean stopOnFailure(JsonNode node, ProblemType type) {
    if (node.isMissingNode() || node.isNull()) {
      return type == ProblemType.PASS_FAIL;
    }
    return switch (node.asText()) {
      case "break" -> true;
      case "continue" -> false;
      default -> throw refuse("on_reject '" + node.asText() + "' must be break or continue");
    };
  }

  /** A value given as space-separated words or as a list of them. */
  private static List<String> words(JsonNode node, String key) {
    List<String> words = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          throw refuse(key + " must be words or a list of words");
        }
        words.addAll(split(item.asText()));
      }
    } else if (node.isValueNode()) {
      words.addAll(split(node.asText()));
    } else {
      throw refuse(key + " must be words or a list of words");
    }
    return words;
  }

  private static List<String> split(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
    return () -> iterator;
  }

  private static ProblemPackageException refuse(String reason) {
    return ProblemPackageException.inFile(FILE, reason);
  }
}
