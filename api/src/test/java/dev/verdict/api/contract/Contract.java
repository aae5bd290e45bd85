package dev.verdict.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The API's OpenAPI contract, {@code openapi.json}, read for tests: which operations it lists, and
 * whether a request or an answer fits the schema it gives. Schemas are checked with networknt's
 * JSON Schema validator in OpenAPI 3.1's dialect, each addressed by its JSON pointer into the
 * document so that its {@code $ref}s resolve as in any OpenAPI tool.
 */
public final class Contract {
  private static final String BASE = "https://verdict.invalid/openapi.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  final String text;
  public final JsonNode document;
  private final SchemaRegistry registry;

  private Contract(String text) {
    this.text = text;
    try {
      this.document = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("openapi.json is not JSON: " + e.getMessage(), e);
    }
    this.registry =
        SchemaRegistry.withDefaultDialect(
            Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(BASE, text)));
  }

  /** The contract in {@code text}, e.g. as a running API serves it. */
  public static Contract of(String text) {
    return new Contract(text);
  }

  /** The contract as the API's class path holds it. */
  public static Contract fromResource() {
    try (InputStream in = Contract.class.getResourceAsStream("/openapi.json")) {
      return new Contract(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every operation, as {@code "METHOD /path/{param}"}. */
  TreeSet<String> operations() {
    TreeSet<String> all = new TreeSet<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> all.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return all;
  }

  /** An operation of the contract: its method, its path template, and its JSON pointer. */
  public record Operation(String method, String template, String pointer) {}

  /**
   * The operation {@code method} on the concrete {@code path} (no query), if the contract has it.
   */
  public Optional<Operation> find(String method, String path) {
    String lower = method.toLowerCase(Locale.ROOT);
    List<String> templates = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(templates::add);
    // why: a literal segment (/submissions/batch) wins over a parameter (/submissions/{id}).
    return templates.stream()
        .filter(template -> document.path("paths").path(template).has(lower))
        .filter(template -> regex(template).matcher(path).matches())
        .min(Comparator.comparingLong(template -> template.chars().filter(c -> c == '{').count()))
        .map(
            template -> new Operation(lower, template, "/paths/" + escape(template) + "/" + lower));
  }

  public Operation operation(String method, String path) {
    return find(method, path)
        .orElseThrow(() -> new AssertionError("the contract has no " + method + " " + path));
  }

  /**
   * The pointer of the schema the operation gives for answer {@code status} in {@code mediaType};
   * fails when the contract does not document that status or media type.
   */
  public String responseSchema(Operation op, int status, String mediaType) {
    String responsePointer = op.pointer() + "/responses/" + status;
    JsonNode response = document.at(responsePointer);
    assertThat(response.isMissingNode())
        .as("%s %s documents the answer %d", op.method(), op.template(), status)
        .isFalse();
    if (response.has("$ref")) {
      responsePointer = response.get("$ref").textValue().substring(1);
      response = document.at(responsePointer);
    }
    JsonNode content = response.path("content");
    String type = content.has(mediaType) ? mediaType : content.has("*/*") ? "*/*" : null;
    assertThat(type)
        .as(
            "%s %s documents %s for %d (has %s)",
            op.method(), op.template(), mediaType, status, content)
        .isNotNull();
    return responsePointer + "/content/" + escape(type) + "/schema";
  }

  /** The pointer of the request body's schema in {@code mediaType}. */
  String requestSchema(Operation op, String mediaType) {
    String pointer = op.pointer() + "/requestBody/content/" + escape(mediaType);
    assertThat(document.at(pointer).isMissingNode())
        .as("%s %s takes a body of %s", op.method(), op.template(), mediaType)
        .isFalse();
    return pointer + "/schema";
  }

  /** The errors of {@code instance} against the schema at {@code pointer}; empty when it fits. */
  public List<String> errors(String pointer, JsonNode instance) {
    Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
    return schema.validate(instance).stream().map(Error::toString).toList();
  }

  /** Fails, naming each error, unless {@code instance} fits the schema at {@code pointer}. */
  public void assertFits(String pointer, JsonNode instance, String what) {
    assertThat(errors(pointer, instance)).as("%s fits %s: %s", what, pointer, instance).isEmpty();
  }

  /** The schema of the operation's first 2xx answer in JSON. */
  public String success(Operation op) {
    JsonNode responses = document.at(op.pointer() + "/responses");
    String status =
        responses
            .propertyStream()
            .map(entry -> entry.getKey())
            .filter(code -> code.startsWith("2"))
            .findFirst()
            .orElseThrow();
    return responseSchema(op, Integer.parseInt(status), "application/json");
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static Pattern regex(String template) {
    StringBuilder regex = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=\\})")) {
      regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
