package dev.verdict.loadgen.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verdict.common.message.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a workload YAML file:
 *
 * <pre>
 * name: lab-deadline            # optional, defaults to the file name
 * entries:
 *   - weight: 9
 *     builtin: python-sum       # a built-in, or:
 *   - weight: 1
 *     label: c-from-file        # optional, names the entry in reports
 *     problem: sum
 *     language: c
 *     expect: [ACCEPTED]        # optional, default ACCEPTED
 *     files:
 *       - name: main.c
 *         path: solutions/sum.c # relative to the YAML file; or content: "..."
 * </pre>
 *
 * Every mistake is reported with the file and the place in it, e.g. {@code entries[1].weight}.
 */
final class WorkloadFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_KEYS = Set.of("name", "entries");
  private static final Set<String> ENTRY_KEYS =
      Set.of("weight", "label", "builtin", "problem", "language", "files", "expect");
  private static final Set<String> FILE_KEYS = Set.of("name", "content", "path");

  private final Path file;

  private WorkloadFile(Path file) {
    this.file = file;
  }

  static Workload read(Path file) {
    return new WorkloadFile(file).parse();
  }

  private Workload parse() {
    if (!Files.isRegularFile(file)) {
      throw fail("file not found");
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw fail("not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw fail("cannot read: " + e);
    }
    if (root == null || !root.isObject()) {
      throw fail("must be a YAML mapping with an 'entries' list");
    }
    checkKeys(root, TOP_KEYS, "top level");
    JsonNode entries = root.path("entries");
    if (!entries.isArray() || entries.isEmpty()) {
      throw fail("'entries' must be a non-empty list");
    }
    List<WorkloadEntry> parsed = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      parsed.addAll(entry(entries.get(i), "entries[" + i + "]"));
    }
    String fileName = file.getFileName().toString();
    String name = root.has("name") ? text(root, "name", "name") : fileName;
    return new Workload(name, parsed);
  }

  private List<WorkloadEntry> entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw fail(where + " must be a mapping");
    }
    checkKeys(node, ENTRY_KEYS, where);
    double weight = weight(node, where);
    if (node.has("builtin")) {
      for (String key : List.of("problem", "language", "files", "expect")) {
        if (node.has(key)) {
          throw fail(where + ": '" + key + "' cannot be combined with 'builtin'");
        }
      }
      String builtIn = text(node, "builtin", where + ".builtin");
      try {
        return Workloads.expand(BuiltInWorkloads.get(builtIn), weight);
      } catch (WorkloadException e) {
        throw fail(where + ".builtin: " + e.getMessage());
      }
    }
    for (String key : List.of("problem", "language", "files")) {
      if (!node.has(key)) {
        throw fail(where + ": '" + key + "' is required (or name a 'builtin')");
      }
    }
    String problem = text(node, "problem", where + ".problem");
    String language = text(node, "language", where + ".language");
    String label =
        node.has("label") ? text(node, "label", where + ".label") : problem + "/" + language;
    List<SourceFileSpec> files = files(node.get("files"), where + ".files");
    Set<Verdict> expect = expect(node.get("expect"), where + ".expect");
    try {
      return List.of(new WorkloadEntry(label, weight, problem, language, files, expect));
    } catch (WorkloadException e) {
      throw fail(where + ": " + e.getMessage());
    }
  }

  private double weight(JsonNode node, String where) {
    if (!node.has("weight")) {
      return 1;
    }
    JsonNode weight = node.get("weight");
    if (!weight.isNumber() || !(weight.asDouble() > 0)) {
      throw fail(where + ".weight must be a positive number, was " + weight);
    }
    return weight.asDouble();
  }

  private List<SourceFileSpec> files(JsonNode node, String where) {
    if (!node.isArray() || node.isEmpty()) {
      throw fail(where + " must be a non-empty list of {name, content | path}");
    }
    List<SourceFileSpec> files = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode f = node.get(i);
      String at = where + "[" + i + "]";
      if (!f.isObject()) {
        throw fail(at + " must be a mapping with name and content or path");
      }
      checkKeys(f, FILE_KEYS, at);
      String name = text(f, "name", at + ".name");
      if (f.has("content") == f.has("path")) {
        throw fail(at + ": give exactly one of 'content' and 'path'");
      }
      String content;
      if (f.has("content")) {
        content = text(f, "content", at + ".content");
      } else {
        Path source = resolve(text(f, "path", at + ".path"));
        try {
          content = Files.readString(source);
        } catch (IOException e) {
          throw fail(
              at + ".path: cannot read " + source + " (" + e.getClass().getSimpleName() + ")");
        }
      }
      files.add(new SourceFileSpec(name, content));
    }
    return files;
  }

  private Path resolve(String path) {
    Path p = Path.of(path);
    Path dir = file.toAbsolutePath().getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p);
  }

  private Set<Verdict> expect(JsonNode node, String where) {
    if (node == null) {
      return Set.of(Verdict.ACCEPTED);
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    Set<Verdict> verdicts = EnumSet.noneOf(Verdict.class);
    for (JsonNode item : items) {
      try {
        verdicts.add(Verdict.valueOf(item.asText()));
      } catch (IllegalArgumentException e) {
        throw fail(
            where
                + ": '"
                + item.asText()
                + "' is not a verdict (one of "
                + Arrays.toString(Verdict.values())
                + ")");
      }
    }
    if (verdicts.isEmpty()) {
      throw fail(where + " must name at least one verdict");
    }
    return verdicts;
  }

  private String text(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw fail(where + " must be a non-empty string");
    }
    return value.asText();
  }

  private void checkKeys(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw fail(
            where
                + ": unknown key '"
                + name
                + "' (known: "
                + String.join(", ", sorted(known))
                + ")");
      }
    }
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private WorkloadException fail(String message) {
    return new WorkloadException("workload file " + file + ": " + message);
  }
}
