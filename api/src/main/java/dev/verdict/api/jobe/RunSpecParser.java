package dev.verdict.api.jobe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.StrictJson;
import dev.verdict.common.message.SourceFileNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code {"run_spec": {...}}} and checks it in Jobe's order, refusing with Jobe's own
 * messages where Jobe has one (its test client and CodeRunner compare them), and otherwise with a
 * message naming the field. Fields Jobe ignores are ignored here too, so a client written for Jobe
 * is not refused for them.
 */
final class RunSpecParser {
  /** Jobe's shortest file id. */
  static final int MIN_FILE_ID_LENGTH = 8;

  static final int MAX_FILE_ID_LENGTH = 128;

  private final StrictJson json;
  private final JobeLanguages languages;
  private final int maxCpuTimeSecs;
  private final int maxSourceBytes;
  private final int maxInputBytes;
  private final int maxFiles;

  RunSpecParser(
      StrictJson json,
      JobeLanguages languages,
      int maxCpuTimeSecs,
      int maxSourceBytes,
      int maxInputBytes,
      int maxFiles) {
    this.json = json;
    this.languages = languages;
    this.maxCpuTimeSecs = maxCpuTimeSecs;
    this.maxSourceBytes = maxSourceBytes;
    this.maxInputBytes = maxInputBytes;
    this.maxFiles = maxFiles;
  }

  RunSpec parse(byte[] body) {
    JsonNode root;
    try {
      root = json.readObject(body);
    } catch (ApiException e) {
      throw JobeException.badRequest("Non-JSON post data received (" + e.getMessage() + ")");
    }
    JsonNode run = root.get("run_spec");
    if (run == null || !run.isObject()) {
      throw JobeException.badRequest("No run_spec attribute found in post data");
    }
    for (String required : List.of("sourcecode", "language_id")) {
      JsonNode value = run.get(required);
      if (value == null || value.isNull()) {
        throw JobeException.badRequest(
            "run_spec is missing the required attribute '" + required + "'");
      }
    }
    String sourceCode = string(run, "sourcecode", "");
    if (sourceCode.getBytes(StandardCharsets.UTF_8).length > maxSourceBytes) {
      throw JobeException.badRequest(
          "run_spec.sourcecode is larger than " + maxSourceBytes + " bytes");
    }
    String languageId = string(run, "language_id", "").toLowerCase(Locale.ROOT);
    if (languages.find(languageId).isEmpty()) {
      throw JobeException.badRequest("Language '" + languageId + "' is not known");
    }
    String input = string(run, "input", "");
    if (input.getBytes(StandardCharsets.UTF_8).length > maxInputBytes) {
      throw JobeException.badRequest("run_spec.input is larger than " + maxInputBytes + " bytes");
    }
    boolean debug = bool(run, "debug");
    RunParameters parameters = parameters(run.get("parameters"));
    String sourceFileName = sourceFileName(run);
    List<RunSpec.FileRef> files = files(run.get("file_list"));
    return new RunSpec(languageId, sourceCode, sourceFileName, input, files, parameters, debug);
  }

  private static String string(JsonNode run, String field, String absent) {
    JsonNode value = run.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isTextual()) {
      throw JobeException.badRequest("run_spec." + field + " must be a string");
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode run, String field) {
    JsonNode value = run.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.longValue() != 0;
    }
    throw JobeException.badRequest("run_spec." + field + " must be true or false");
  }

  private String sourceFileName(JsonNode run) {
    JsonNode value = run.get("sourcefilename");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw JobeException.badRequest("run_spec.sourcefilename must be a string");
    }
    String name = value.textValue();
    if (name.isEmpty()) {
      return null;
    }
    if (!jobeAcceptsName(name) || SourceFileNames.problem(name) != null) {
      throw JobeException.badRequest("The sourcefilename for the run_spec is illegal");
    }
    // why: legacy CodeRunner sends 'prog.java' for every Java program, a name that never matches
    // its class; Jobe ignores it and names the file after the class, and so do we.
    return name.equals("prog.java") ? null : name;
  }

  /**
   * Jobe's rule for a source file name: no character that file systems reserve, no control
   * character, no character URIs reserve or call unsafe, and no leading '.' or '-'.
   */
  static boolean jobeAcceptsName(String name) {
    if (name.startsWith(".") || name.startsWith("-")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || c == 0xa0
          || c == 0xad
          || "<>:\"/\\|?*#[]@!$&'()+,;={}^~`".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private RunParameters parameters(JsonNode node) {
    if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
      return RunParameters.NONE;
    }
    if (!node.isObject()) {
      throw JobeException.badRequest("run_spec.parameters must be an object");
    }
    Double cpuTime = number(node, "cputime", 0.001, Double.MAX_VALUE);
    if (cpuTime != null && cpuTime.intValue() > maxCpuTimeSecs) {
      throw JobeException.badRequest(
          "cputime exceeds maximum allowed on this Jobe server (" + maxCpuTimeSecs + " secs)");
    }
    return new RunParameters(
        cpuTime,
        whole(node, "memorylimit", 0),
        whole(node, "numprocs", 1),
        whole(node, "disklimit", -1),
        whole(node, "streamsize", 1),
        args(node, "compileargs"),
        args(node, "linkargs"),
        args(node, "interpreterargs"),
        args(node, "runargs"));
  }

  /** A number or a numeric string, as Jobe takes them, at least {@code min}; null when absent. */
  private static Double number(JsonNode parameters, String field, double min, double max) {
    JsonNode value = parameters.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    double number;
    if (value.isNumber()) {
      number = value.doubleValue();
    } else if (value.isTextual()) {
      try {
        number = Double.parseDouble(value.textValue().trim());
      } catch (NumberFormatException e) {
        throw JobeException.badRequest("run_spec.parameters." + field + " must be a number");
      }
    } else {
      throw JobeException.badRequest("run_spec.parameters." + field + " must be a number");
    }
    if (!(number >= min) || number > max || Double.isInfinite(number)) {
      throw JobeException.badRequest(
          "run_spec.parameters." + field + " must be at least " + wholeIfWhole(min));
    }
    return number;
  }

  private static Integer whole(JsonNode parameters, String field, int min) {
    Double number = number(parameters, field, min, Integer.MAX_VALUE);
    return number == null ? null : number.intValue();
  }

  private static String wholeIfWhole(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static List<String> args(JsonNode parameters, String field) {
    JsonNode value = parameters.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw JobeException.badRequest("run_spec.parameters." + field + " must be a list of strings");
    }
    List<String> words = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode arg = value.get(i);
      if (!arg.isTextual() && !arg.isNumber()) {
        throw JobeException.badRequest(
            "run_spec.parameters." + field + "[" + i + "] must be a string");
      }
      try {
        words.addAll(ShellWords.split(arg.asText()));
      } catch (IllegalArgumentException e) {
        throw JobeException.badRequest(
            "run_spec.parameters." + field + "[" + i + "] " + e.getMessage());
      }
    }
    return words;
  }

  private List<RunSpec.FileRef> files(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw JobeException.badRequest("run_spec.file_list must be a list of [id, name] pairs");
    }
    if (node.size() > maxFiles) {
      throw JobeException.badRequest(
          "run_spec.file_list has " + node.size() + " files; at most " + maxFiles + " are allowed");
    }
    List<RunSpec.FileRef> files = new ArrayList<>();
    for (JsonNode file : node) {
      if (!validFileSpec(file)) {
        throw JobeException.badRequest("Invalid file specifier: " + printR(file));
      }
      files.add(new RunSpec.FileRef(file.get(0).textValue(), file.get(1).textValue()));
    }
    return files;
  }

  /**
   * Jobe's rule for a {@code file_list} entry: {@code [id, name]} (a third element is allowed and
   * ignored), the id at least 8 letters and digits, the name letters, digits, '-', '_' and '.'; and
   * Verdict's own rule for file names besides (no leading '.').
   */
  private static boolean validFileSpec(JsonNode file) {
    if (!file.isArray() || (file.size() != 2 && file.size() != 3)) {
      return false;
    }
    JsonNode id = file.get(0);
    JsonNode name = file.get(1);
    if (!id.isTextual() || !name.isTextual()) {
      return false;
    }
    return fileIdAcceptable(id.textValue())
        && id.textValue().length() >= MIN_FILE_ID_LENGTH
        && name.textValue().matches("[A-Za-z0-9._-]*[A-Za-z0-9][A-Za-z0-9._-]*")
        && SourceFileNames.problem(name.textValue()) == null;
  }

  /** Letters and digits only, as Jobe's file ids, and not absurdly long. */
  static boolean fileIdAcceptable(String id) {
    return !id.isEmpty() && id.length() <= MAX_FILE_ID_LENGTH && id.matches("[A-Za-z0-9]+");
  }

  /** The entry as PHP's {@code print_r} shows an array, which is how Jobe quotes a bad entry. */
  static String printR(JsonNode value) {
    if (!value.isArray()) {
      return value.isTextual() ? value.textValue() : value.toString();
    }
    StringBuilder out = new StringBuilder("Array\n(\n");
    int i = 0;
    for (JsonNode element : value) {
      out.append("    [")
          .append(i++)
          .append("] => ")
          .append(element.isTextual() ? element.textValue() : element.toString())
          .append('\n');
    }
    return out.append(")\n").toString();
  }
}
