package dev.verdict.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verdict.common.limits.LimitOverrides;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code problem.yaml} says, checked, in either version of the package format (legacy or
 * 2023-07, docs/problems.md §2-§4). Every key is either used, known to change nothing about grading
 * (authorship, tuning hints for setting limits) and ignored, or refused by name: a package asking
 * for a feature Verdict does not have (custom graders, submit-answer problems) is refused rather
 * than graded wrongly.
 *
 * @param version the format version the package is written in
 * @param name the problem's name, or null to use its id
 * @param timeLimitMs {@code limits.time_limit} in milliseconds, or null
 * @param memoryMb {@code limits.memory} in MiB, or null
 * @param outputMb {@code limits.output} in MiB, or null
 * @param validation legacy: {@code validation}; 2023-07: {@link Validation#DEFAULT}, the package's
 *     {@code output_validator/} decides
 * @param stopOnFailure {@code on_reject: break} (by default for pass-fail problems) rather than
 *     {@code continue} (by default for scoring ones)
 * @param interactive legacy {@code validation: custom interactive}, 2023-07 {@code type:
 *     interactive}
 * @param passes for a multi-pass problem its {@code limits.validation_passes} (default 2), else
 *     null
 * @param customScore legacy {@code validation: custom score}: the validator writes every accepted
 *     test's score
 * @param validationLimits {@code limits.validation_time} (s), {@code validation_memory} and {@code
 *     validation_output} (MiB) as limits of the output validator's runs; unset fields absent
 * @param compilationLimits {@code limits.compilation_time} (s) and {@code compilation_memory} (MiB)
 *     as limits of the submission's compile step; unset fields absent
 * @param languages 2023-07 {@code languages}: the language codes a submission may be written in;
 *     null for {@code all} (the default, and always in legacy)
 * @param allowFileWriting whether a run may create, change and delete files in its working
 *     directory: 2023-07 {@code allow_file_writing} (default false); legacy packages have no such
 *     key and may (as problemtools judges them)
 */
public record ProblemYaml(
    FormatVersion version,
    String name,
    ProblemType type,
    Long timeLimitMs,
    Integer memoryMb,
    Integer outputMb,
    Validation validation,
    List<String> validatorFlags,
    boolean stopOnFailure,
    boolean interactive,
    Integer passes,
    boolean customScore,
    LimitOverrides validationLimits,
    LimitOverrides compilationLimits,
    List<String> languages,
    boolean allowFileWriting) {

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

  private static final Set<String> LEGACY_KEYS =
      Set.of(
          "problem_format_version",
          "type",
          "name",
          "limits",
          "validation",
          "validator_flags",
          "on_reject",
          "grading",
          "uuid",
          "author",
          "source",
          "source_url",
          "license",
          "rights_owner",
          "keywords",
          "credits");
  private static final Set<String> V2023_KEYS =
      Set.of(
          "problem_format_version",
          "type",
          "name",
          "uuid",
          "version",
          "credits",
          "source",
          "license",
          "rights_owner",
          "embargo_until",
          "embargo-until",
          "keywords",
          "limits",
          "languages",
          "allow_file_writing",
          "constants");
  private static final Set<String> USED_LIMITS =
      Set.of(
          "time_limit",
          "memory",
          "output",
          "validation_passes",
          "compilation_time",
          "compilation_memory",
          "validation_time",
          "validation_memory",
          "validation_output");
  private static final Set<String> IGNORED_LIMITS =
      Set.of(
          "time_multiplier", "time_multipliers", "time_safety_margin", "time_resolution", "code");
  private static final Map<String, String> DEPRECATED_GRADING =
      Map.of(
          "accept_score", "",
          "reject_score", "",
          "range", "",
          "on_reject", "");

  public ProblemYaml {
    validatorFlags = List.copyOf(validatorFlags);
    validationLimits = validationLimits == null ? LimitOverrides.NONE : validationLimits;
    compilationLimits = compilationLimits == null ? LimitOverrides.NONE : compilationLimits;
    languages = languages == null ? null : List.copyOf(languages);
  }

  /**
   * @throws ProblemPackageException naming problem.yaml, the key and what is wrong with it
   */
  public static ProblemYaml parse(byte[] content) {
    JsonNode root = readYaml(FILE, content);
    if (!root.isObject()) {
      throw refuse("must be a mapping of keys to values");
    }
    JsonNode versionNode = root.path("problem_format_version");
    FormatVersion version =
        FormatVersion.of(versionNode.isMissingNode() ? null : versionNode.asText());
    Set<String> known = version == FormatVersion.LEGACY ? LEGACY_KEYS : V2023_KEYS;
    for (String key : iterable(root.fieldNames())) {
      if (!known.contains(key)) {
        throw refuse(
            "unknown key '"
                + key
                + "'"
                + (LEGACY_KEYS.contains(key) ? " (a legacy key; this package is 2023-07)" : ""));
      }
    }
    JsonNode limits = limits(root.path("limits"));
    if (version == FormatVersion.LEGACY) {
      return legacy(root, limits);
    }
    return v2023(root, limits);
  }

  private static ProblemYaml legacy(JsonNode root, JsonNode limits) {
    ProblemType type = legacyType(root.path("type"));
    grading(root.path("grading"));
    List<String> words =
        root.path("validation").isMissingNode() || root.path("validation").isNull()
            ? List.of("default")
            : words(root.path("validation"), "validation");
    Validation validation =
        switch (words.isEmpty() ? "" : words.getFirst()) {
          case "default" -> Validation.DEFAULT;
          case "exact" -> Validation.EXACT;
          case "custom" -> Validation.CUSTOM;
          default ->
              throw refuse(
                  "validation '"
                      + String.join(" ", words)
                      + "' is not supported (default, custom, exact)");
        };
    boolean interactive = false;
    boolean multiPass = false;
    boolean score = false;
    for (String option : words.subList(1, words.size())) {
      if (validation != Validation.CUSTOM) {
        throw refuse("validation: " + words.getFirst() + " with " + option);
      }
      switch (option) {
        case "interactive" -> interactive = true;
        case "score" -> score = true;
        case "multi-pass" -> multiPass = true;
        default ->
            throw refuse(
                "validation '"
                    + String.join(" ", words)
                    + "': unknown option '"
                    + option
                    + "' (interactive, score, multi-pass)");
      }
    }
    if (score && type != ProblemType.SCORING) {
      throw refuse("validation: custom score on a pass-fail problem");
    }
    return new ProblemYaml(
        FormatVersion.LEGACY,
        name(root.path("name")),
        type,
        limits.has("time_limit") ? secondsToMs(limits.get("time_limit"), "time_limit") : null,
        positiveInt(limits, "memory"),
        positiveInt(limits, "output"),
        validation,
        root.path("validator_flags").isMissingNode() || root.path("validator_flags").isNull()
            ? List.of()
            : words(root.path("validator_flags"), "validator_flags"),
        stopOnFailure(root.path("on_reject"), type),
        interactive,
        passes(limits, multiPass),
        score,
        validationLimits(limits),
        compilationLimits(limits),
        null,
        true);
  }

  private static ProblemYaml v2023(JsonNode root, JsonNode limits) {
    Set<String> types = new LinkedHashSet<>();
    if (!root.path("type").isMissingNode() && !root.path("type").isNull()) {
      for (String word : words(root.path("type"), "type")) {
        if (!types.add(word)) {
          throw refuse("type names '" + word + "' twice");
        }
        switch (word) {
          case "pass-fail", "scoring", "multi-pass", "interactive" -> {}
          case "submit-answer" -> throw refuse("type submit-answer is not supported");
          default ->
              throw refuse(
                  "type '"
                      + word
                      + "' is not supported (pass-fail, scoring, multi-pass,"
                      + " interactive)");
        }
      }
    }
    if (types.contains("pass-fail") && types.contains("scoring")) {
      throw refuse("type names both pass-fail and scoring");
    }
    JsonNode constants = root.path("constants");
    if (constants.isObject() && constants.size() > 0) {
      throw refuse("constants are not supported");
    }
    ProblemType type = types.contains("scoring") ? ProblemType.SCORING : ProblemType.PASS_FAIL;
    return new ProblemYaml(
        FormatVersion.V2023_07,
        name(root.path("name")),
        type,
        limits.has("time_limit") ? secondsToMs(limits.get("time_limit"), "time_limit") : null,
        positiveInt(limits, "memory"),
        positiveInt(limits, "output"),
        Validation.DEFAULT,
        List.of(),
        type == ProblemType.PASS_FAIL,
        types.contains("interactive"),
        passes(limits, types.contains("multi-pass")),
        false,
        validationLimits(limits),
        compilationLimits(limits),
        languages(root.path("languages")),
        allowFileWriting(root.path("allow_file_writing")));
  }

  /** 2023-07 {@code languages}: {@code all} or a list of language codes ([A]); null for all. */
  private static List<String> languages(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    List<String> codes = words(node, "languages");
    if (codes.equals(List.of("all"))) {
      return null;
    }
    if (codes.isEmpty()) {
      throw refuse("languages must be 'all' or name at least one language");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String code : codes) {
      if (code.equals("all")) {
        throw refuse("languages: 'all' cannot be listed with other languages");
      }
      if (!code.matches("[a-z][a-z0-9_+-]*")) {
        throw refuse("languages: '" + code + "' is not a language code (e.g. c, cpp, java)");
      }
      if (!seen.add(code)) {
        throw refuse("languages names '" + code + "' twice");
      }
    }
    return List.copyOf(seen);
  }

  private static boolean allowFileWriting(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw refuse("allow_file_writing must be true or false");
    }
    return node.booleanValue();
  }

  private static LimitOverrides validationLimits(JsonNode limits) {
    Integer output = positiveInt(limits, "validation_output");
    return timeMemoryOutput(
        limits.has("validation_time")
            ? secondsToMs(limits.get("validation_time"), "validation_time")
            : null,
        positiveInt(limits, "validation_memory"),
        output == null ? null : output * 1024L);
  }

  private static LimitOverrides compilationLimits(JsonNode limits) {
    return timeMemoryOutput(
        limits.has("compilation_time")
            ? secondsToMs(limits.get("compilation_time"), "compilation_time")
            : null,
        positiveInt(limits, "compilation_memory"),
        null);
  }

  private static LimitOverrides timeMemoryOutput(Long timeMs, Integer memoryMb, Long outputKb) {
    return new LimitOverrides(timeMs, null, memoryMb, null, outputKb, null, null, null, null);
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

  private static void grading(JsonNode grading) {
    if (grading.isMissingNode() || grading.isNull()) {
      return;
    }
    if (!grading.isObject()) {
      throw refuse("grading must be a mapping");
    }
    for (String key : iterable(grading.fieldNames())) {
      if (key.equals("objective")) {
        if (!grading.get(key).asText().equals("max")) {
          throw refuse("grading.objective: " + grading.get(key).asText() + " is not supported");
        }
      } else if (DEPRECATED_GRADING.containsKey(key)) {
        throw refuse("grading." + key + " in problem.yaml (deprecated; use testdata.yaml)");
      } else if (!key.equals("show_test_data_groups")) {
        throw refuse("unknown key 'grading." + key + "'");
      }
    }
  }

  private static Integer passes(JsonNode limits, boolean multiPass) {
    Integer passes = positiveInt(limits, "validation_passes");
    if (passes != null && passes < 2) {
      throw refuse("limits.validation_passes must be at least 2");
    }
    if (!multiPass) {
      return null;
    }
    return passes == null ? 2 : passes;
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

  private static ProblemType legacyType(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return ProblemType.PASS_FAIL;
    }
    List<String> words = words(node, "type");
    if (words.size() != 1 || ProblemType.ofYamlName(words.getFirst()) == null) {
      throw refuse(
          "type '"
              + String.join(" ", words)
              + "' is not supported (pass-fail, scoring; interactive and multi-pass problems"
              + " say so in validation)");
    }
    return ProblemType.ofYamlName(words.getFirst());
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

  private static long secondsToMs(JsonNode value, String key) {
    if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1e6) {
      throw refuse("limits." + key + " must be a positive number of seconds");
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
  static List<String> words(JsonNode node, String key) {
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

  static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
    return () -> iterator;
  }

  private static ProblemPackageException refuse(String reason) {
    return ProblemPackageException.inFile(FILE, reason);
  }
}
