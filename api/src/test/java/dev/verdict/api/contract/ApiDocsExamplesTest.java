package dev.verdict.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The examples of docs/api.md against the OpenAPI contract, so neither can drift from the other:
 * each {@code curl} names an operation the contract has, with a body that fits its request schema;
 * each answer shown as JSON, in a {@code json} block under an endpoint's heading or as a {@code #
 * {...}} comment after a {@code curl}, fits the schema of the operation's success answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEADING = Pattern.compile("^#+ `([A-Z]+) ([^`?]+)[^`]*`.*");

  private final Contract contract = Contract.fromResource();
  private final List<Curl> curls = new ArrayList<>();
  private final List<Shown> shown = new ArrayList<>();

  /** One curl command, the heading it is under, and the answer shown after it, if any. */
  record Curl(String heading, List<String> words, String answer) {}

  /** A JSON block and the heading it is under. */
  record Shown(String heading, String json) {}

  @BeforeAll
  void read() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "api.md"));
    String heading = "";
    String fence = null;
    List<String> block = new ArrayList<>();
    for (String line : lines) {
      if (fence == null && line.startsWith("#")) {
        heading = line;
      } else if (fence == null && line.startsWith("```")) {
        fence = line.substring(3).trim();
        block.clear();
      } else if (fence != null && line.startsWith("```")) {
        if (fence.equals("sh")) {
          readShell(heading, block);
        } else if (fence.equals("json")) {
          shown.add(new Shown(heading, String.join("\n", block)));
        }
        fence = null;
      } else if (fence != null) {
        block.add(line);
      }
    }
  }

  @Test
  void every_curl_example_names_an_operation_of_the_contract_with_a_fitting_body()
      throws Exception {
    List<Curl> api = curls.stream().filter(curl -> url(curl).isPresent()).toList();
    assertThat(api).as("curl examples against $API").hasSizeGreaterThan(20);
    int bodies = 0;
    for (Curl curl : api) {
      String path = URI.create(url(curl).orElseThrow().replace("$API", "http://api")).getPath();
      Contract.Operation op = contract.operation(method(curl), path);
      String json = option(curl, "-d");
      if (json != null) {
        contract.assertFits(
            contract.requestSchema(op, "application/json"),
            JSON.readTree(json),
            curl.words().toString());
        bodies++;
      }
      String metadata = form(curl, "metadata");
      if (option(curl, "-F") != null) {
        contract.requestSchema(op, "multipart/form-data");
      }
      if (metadata != null) {
        contract.assertFits(
            contract.requestSchema(op, "multipart/form-data")
                + "/properties/metadata/contentSchema",
            JSON.readTree(metadata),
            "metadata part");
      }
      if (option(curl, "--data-binary") != null) {
        contract.requestSchema(op, "application/zip");
      }
    }
    assertThat(bodies).as("JSON bodies checked").isGreaterThan(8);
  }

  @Test
  void every_answer_shown_fits_the_contract() throws Exception {
    int answers = 0;
    for (Curl curl : curls) {
      if (curl.answer() == null || url(curl).isEmpty()) {
        continue;
      }
      Optional<JsonNode> answer = parse(curl.answer());
      if (answer.isEmpty()) {
        continue;
      }
      String path = URI.create(url(curl).orElseThrow().replace("$API", "http://api")).getPath();
      contract.assertFits(
          success(contract.operation(method(curl), path)), answer.get(), curl.answer());
      answers++;
    }
    for (Shown json : shown) {
      Matcher endpoint = HEADING.matcher(json.heading());
      String schema;
      if (endpoint.matches()) {
        schema = success(contract.operation(endpoint.group(1), endpoint.group(2)));
      } else {
        assertThat(json.heading()).as("a JSON block outside an endpoint").contains("Errors");
        schema = "/components/schemas/Error";
      }
      contract.assertFits(schema, JSON.readTree(json.json()), json.json());
      answers++;
    }
    assertThat(answers).as("answers checked").isGreaterThan(8);
  }

  /** The schema of the operation's first 2xx answer in JSON. */
  private String success(Contract.Operation op) {
    JsonNode responses = contract.document.at(op.pointer() + "/responses");
    String status =
        responses
            .propertyStream()
            .map(entry -> entry.getKey())
            .filter(code -> code.startsWith("2"))
            .findFirst()
            .orElseThrow();
    return contract.responseSchema(op, Integer.parseInt(status), "application/json");
  }

  private static Optional<JsonNode> parse(String json) {
    try {
      return Optional.of(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> url(Curl curl) {
    return curl.words().stream().filter(word -> word.startsWith("$API")).findFirst();
  }

  private static String method(Curl curl) {
    String method = option(curl, "-X");
    if (method != null) {
      return method;
    }
    boolean sends =
        option(curl, "-d") != null
            || option(curl, "-F") != null
            || option(curl, "--data-binary") != null;
    return sends ? "POST" : "GET";
  }

  private static String option(Curl curl, String name) {
    int at = curl.words().indexOf(name);
    return at < 0 || at + 1 >= curl.words().size() ? null : curl.words().get(at + 1);
  }

  private static String form(Curl curl, String part) {
    for (int i = 0; i + 1 < curl.words().size(); i++) {
      String value = curl.words().get(i + 1);
      if (curl.words().get(i).equals("-F") && value.startsWith(part + "=")) {
        return value.substring(part.length() + 1).replaceAll(";type=[^;]*$", "");
      }
    }
    return null;
  }

  /**
   * Splits a shell block into commands, as a POSIX shell splits words (single and double quotes,
   * backslash-newline), and comments; consecutive comment lines are one comment. A comment right
   * after a curl command is the answer it shows.
   */
  private void readShell(String heading, List<String> block) {
    String text = String.join("\n", block) + "\n";
    List<Object> items = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '#' && word == null) {
        int eol = text.indexOf('\n', i);
        String line = text.substring(i + 1, eol).trim();
        if (!items.isEmpty() && items.getLast() instanceof StringBuilder open && words.isEmpty()) {
          open.append(' ').append(line);
        } else {
          flush(words, items);
          items.add(new StringBuilder(line));
        }
        i = eol + 1;
      } else if (c == '\\' && text.charAt(i + 1) == '\n') {
        i += 2;
      } else if (c == '\'' || c == '"') {
        int close = text.indexOf(c, i + 1);
        word = word == null ? new StringBuilder() : word;
        word.append(text, i + 1, close);
        i = close + 1;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == ';') {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        if (c != ' ' && c != '\t') {
          flush(words, items);
        }
        i++;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
        i++;
      }
    }
    for (int at = 0; at < items.size(); at++) {
      if (items.get(at) instanceof List<?> command && command.contains("curl")) {
        List<String> curl =
            command.subList(command.indexOf("curl"), command.size()).stream()
                .map(String::valueOf)
                .toList();
        String answer =
            at + 1 < items.size() && items.get(at + 1) instanceof StringBuilder comment
                ? comment.toString()
                : null;
        curls.add(new Curl(heading, curl, answer));
      }
    }
  }

  private static void flush(List<String> words, List<Object> items) {
    if (!words.isEmpty()) {
      items.add(List.copyOf(words));
      words.clear();
    }
  }
}
