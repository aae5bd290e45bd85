package dev.verdict.api.submission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.StrictJson;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.SourceFileNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@code POST /api/v1/submissions} body completely before anything is stored: the JSON
 * shape, the types, the file names and sizes, the optional {@code entryPoint}, and for an ad-hoc
 * run its tests and limits. Whether the problem and language exist is checked by the caller against
 * the stores. The body is strict JSON ({@link StrictJson}) with no fields but these. The first
 * problem found is reported, naming its field.
 *
 * <p>A body names a {@code problem}, or brings {@code tests} (an ad-hoc run), or a single {@code
 * stdin} (with an optional {@code expectedOutput}): exactly one of the three.
 */
final class SubmissionRequestParser {
  private static final Set<String> ROOT_FIELDS =
      Set.of(
          "problem",
          "language",
          "files",
          "tests",
          "stdin",
          "expectedOutput",
          "limits",
          "entryPoint",
          "callbackUrl");
  private static final Set<String> FILE_FIELDS = Set.of("name", "content");
  private static final Set<String> TEST_FIELDS = Set.of("input", "expectedOutput");
  private static final List<String> LIMIT_FIELDS =
      List.of(
          "timeLimitMs",
          "wallTimeMs",
          "memoryMb",
          "processes",
          "outputKb",
          "fileSizeKb",
          "openFiles",
          "stackMb",
          "tmpMb");

  private final SubmissionChecks checks;

  SubmissionRequestParser(ApiConfig limits) {
    this.checks = new SubmissionChecks(limits);
  }

  /** Checks a body read as a strict JSON object (a multipart body's equivalent included). */
  NewSubmission parse(JsonNode root) {
    StrictJson.onlyFields(root, "", ROOT_FIELDS);
    boolean tests = present(root, "tests");
    boolean stdin = present(root, "stdin");
    String problem = null;
    if (!tests && !stdin) {
      problem = text(root, "problem");
    } else if (present(root, "problem")) {
      throw ApiException.badRequest(tests ? "tests" : "stdin", "cannot be combined with problem");
    } else if (tests && stdin) {
      throw ApiException.badRequest("stdin", "cannot be combined with tests");
    }
    if (present(root, "expectedOutput") && !stdin) {
      throw ApiException.badRequest(
          "expectedOutput", "goes with stdin; each of tests has its own expectedOutput");
    }
    if (problem != null && present(root, "limits")) {
      throw ApiException.badRequest("limits", "are only for ad-hoc runs (with tests or stdin)");
    }
    String language = text(root, "language");
    List<NewSubmission.NewFile> files = files(root.get("files"));
    String entryPoint = entryPoint(root);
    if (problem != null) {
      return NewSubmission.ofProblem(problem, language, files)
          .withEntryPoint(entryPoint)
          .withCallbackUrl(callbackUrl(root));
    }
    List<NewSubmission.NewTest> parsedTests =
        tests ? tests(root.get("tests")) : List.of(single(root));
    return NewSubmission.adhoc(language, files, parsedTests, limits(root.get("limits")))
        .withEntryPoint(entryPoint)
        .withCallbackUrl(callbackUrl(root));
  }

  /**
   * The optional callback URL, as given; where it may lead is checked with the other checks that
   * need more than the body ({@link CallbackUrls}).
   */
  private static String callbackUrl(JsonNode root) {
    JsonNode value = root.get("callbackUrl");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest("callbackUrl", "must be a string");
    }
    return value.textValue();
  }

  /** The optional entry point: a file name, a module or a (package-qualified) class name. */
  private static String entryPoint(JsonNode root) {
    JsonNode value = root.get("entryPoint");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest("entryPoint", "must be a string");
    }
    String entryPoint = value.textValue();
    if (entryPoint.isEmpty() || entryPoint.length() > SourceFileNames.MAX_LENGTH) {
      throw ApiException.badRequest(
          "entryPoint", "must be 1.." + SourceFileNames.MAX_LENGTH + " characters");
    }
    if (!entryPoint.matches("[A-Za-z0-9_.+$-]+") || entryPoint.startsWith(".")) {
      throw ApiException.badRequest(
          "entryPoint",
          "must be a file name, a module or a class name (letters, digits, '_', '.', '+', '$',"
              + " '-')");
    }
    return entryPoint;
  }

  private List<NewSubmission.NewFile> files(JsonNode files) {
    if (files == null || files.isNull()) {
      throw ApiException.badRequest("files", "is required");
    }
    if (!files.isArray()) {
      throw ApiException.badRequest("files", "must be an array of {name, content}");
    }
    checks.fileCount(files.size());
    List<NewSubmission.NewFile> parsed = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      String field = "files[" + i + "]";
      JsonNode file = files.get(i);
      if (!file.isObject()) {
        throw ApiException.badRequest(field, "must be an object {name, content}");
      }
      StrictJson.onlyFields(file, field, FILE_FIELDS);
      String name = text(file, field + ".name", "name");
      checks.fileName(field, name, names);
      byte[] content = utf8(text(file, field + ".content", "content"));
      total = checks.fileContent(field, content, total);
      parsed.add(new NewSubmission.NewFile(name, content));
    }
    return parsed;
  }

  private List<NewSubmission.NewTest> tests(JsonNode tests) {
    if (!tests.isArray()) {
      throw ApiException.badRequest("tests", "must be an array of {input, expectedOutput}");
    }
    checks.testCount(tests.size());
    List<NewSubmission.NewTest> parsed = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < tests.size(); i++) {
      String field = "tests[" + i + "]";
      JsonNode test = tests.get(i);
      if (!test.isObject()) {
        throw ApiException.badRequest(field, "must be an object {input, expectedOutput}");
      }
      StrictJson.onlyFields(test, field, TEST_FIELDS);
      byte[] input = utf8(text(test, field + ".input", "input"));
      total = checks.size(field + ".input", input, total);
      byte[] expected = optionalText(test, field + ".expectedOutput", "expectedOutput");
      if (expected != null) {
        total = checks.size(field + ".expectedOutput", expected, total);
      }
      parsed.add(new NewSubmission.NewTest(input, expected));
    }
    return parsed;
  }

  private NewSubmission.NewTest single(JsonNode root) {
    byte[] input = utf8(text(root, "stdin"));
    long total = checks.size("stdin", input, 0);
    byte[] expected = optionalText(root, "expectedOutput", "expectedOutput");
    if (expected != null) {
      checks.size("expectedOutput", expected, total);
    }
    return new NewSubmission.NewTest(input, expected);
  }

  private LimitOverrides limits(JsonNode limits) {
    if (limits == null || limits.isNull()) {
      return LimitOverrides.NONE;
    }
    if (!limits.isObject()) {
      throw ApiException.badRequest("limits", "must be an object such as {\"timeLimitMs\": 2000}");
    }
    StrictJson.onlyFields(limits, "limits", Set.copyOf(LIMIT_FIELDS));
    Long[] values = new Long[LIMIT_FIELDS.size()];
    for (int i = 0; i < values.length; i++) {
      String name = LIMIT_FIELDS.get(i);
      JsonNode value = limits.get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      long max = checks.ceiling(name);
      if (!value.isIntegralNumber()
          || !value.canConvertToLong()
          || value.longValue() < 1
          || value.longValue() > max) {
        throw ApiException.badRequest(
            "limits." + name,
            "must be a whole number 1.." + max + " (api.adhoc.maxLimits." + name + ")");
      }
      values[i] = value.longValue();
    }
    return new LimitOverrides(
        values[0],
        values[1],
        toInt(values[2]),
        toInt(values[3]),
        values[4],
        values[5],
        toInt(values[6]),
        toInt(values[7]),
        toInt(values[8]));
  }

  private static Integer toInt(Long value) {
    return value == null ? null : Math.toIntExact(value);
  }

  private static boolean present(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] optionalText(JsonNode node, String field, String key) {
    return present(node, key) ? utf8(text(node, field, key)) : null;
  }

  private static String text(JsonNode node, String field) {
    return text(node, field, field);
  }

  private static String text(JsonNode node, String field, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw ApiException.badRequest(field, "is required");
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest(field, "must be a string");
    }
    return value.textValue();
  }
}
