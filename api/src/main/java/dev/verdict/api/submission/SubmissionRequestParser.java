package dev.verdict.api.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.StrictJson;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.message.SourceFileNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@code POST /api/v1/submissions} body completely before anything is stored: the JSON
 * shape, the types, the file names and sizes, the optional {@code entryPoint}. Whether the problem
 * and language exist is checked by the caller against the stores. The body is strict JSON ({@link
 * StrictJson}) with no fields but these. The first problem found is reported, naming its field.
 */
final class SubmissionRequestParser {
  private static final Set<String> ROOT_FIELDS =
      Set.of("problem", "language", "files", "entryPoint");
  private static final Set<String> FILE_FIELDS = Set.of("name", "content");

  private final StrictJson json;
  private final ApiConfig limits;

  SubmissionRequestParser(ObjectMapper mapper, ApiConfig limits) {
    this.json = new StrictJson(mapper);
    this.limits = limits;
  }

  NewSubmission parse(byte[] body) {
    JsonNode root = json.readObject(body);
    StrictJson.onlyFields(root, "", ROOT_FIELDS);
    String problem = text(root, "problem");
    String language = text(root, "language");
    JsonNode files = root.get("files");
    if (files == null || files.isNull()) {
      throw ApiException.badRequest("files", "is required");
    }
    if (!files.isArray()) {
      throw ApiException.badRequest("files", "must be an array of {name, content}");
    }
    if (files.isEmpty()) {
      throw ApiException.badRequest("files", "must contain at least one file");
    }
    if (files.size() > limits.maxFiles()) {
      throw ApiException.badRequest(
          "files", "must contain at most " + limits.maxFiles() + " files, has " + files.size());
    }
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
      String problemWithName = SourceFileNames.problem(name);
      if (problemWithName != null) {
        throw ApiException.badRequest(field + ".name", problemWithName);
      }
      if (!names.add(name)) {
        throw ApiException.badRequest(
            field + ".name", "repeats the file name '" + Echo.clip(name) + "'");
      }
      String content = text(file, field + ".content", "content");
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      if (bytes.length == 0) {
        throw ApiException.badRequest(field + ".content", "must not be empty");
      }
      if (bytes.length > limits.maxFileBytes()) {
        throw ApiException.badRequest(
            field + ".content",
            "is " + bytes.length + " bytes; at most " + limits.maxFileBytes() + " are allowed");
      }
      total += bytes.length;
      if (total > limits.maxTotalBytes()) {
        throw ApiException.badRequest(
            "files", "total more than the " + limits.maxTotalBytes() + " bytes allowed");
      }
      parsed.add(new NewSubmission.NewFile(name, bytes));
    }
    return new NewSubmission(problem, language, parsed, entryPoint(root));
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
