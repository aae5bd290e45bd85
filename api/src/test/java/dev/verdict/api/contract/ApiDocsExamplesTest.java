package dev.verdict.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.contract.ApiDocs.Block;
import dev.verdict.api.contract.ApiDocs.Curl;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/api.md against the OpenAPI contract, so neither can drift from the other:
 * each {@code curl} names an operation the contract has, with a body that fits its request schema;
 * each answer shown as JSON, in a {@code json} block under an endpoint's heading or as a {@code #
 * {...}} comment after a {@code curl}, fits the schema of the operation's success answer. The
 * system test {@code ApiDocsIT} runs the same examples against a running Verdict.
 */
class ApiDocsExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // why: the examples take the webhook receiver's URL from the shell; any absolute URL stands in.
  private static final String HOOK = "http://127.0.0.1:9000/verdict-hook";

  private final Contract contract = Contract.fromResource();
  private final ApiDocs docs = ApiDocs.read();

  @Test
  void every_curl_example_names_an_operation_of_the_contract_with_a_fitting_body()
      throws Exception {
    List<Curl> api = docs.curls().stream().filter(curl -> curl.url().isPresent()).toList();
    assertThat(api).as("curl examples against $API").hasSizeGreaterThan(20);
    int bodies = 0;
    for (Curl curl : api) {
      Contract.Operation op = contract.operation(curl.method(), curl.path());
      String json = curl.option("-d");
      if (json != null) {
        contract.assertFits(
            contract.requestSchema(op, "application/json"),
            JSON.readTree(json.replace("$HOOK", HOOK)),
            curl.words().toString());
        bodies++;
      }
      String metadata = curl.form("metadata");
      if (curl.option("-F") != null) {
        contract.requestSchema(op, "multipart/form-data");
      }
      if (metadata != null) {
        contract.assertFits(
            contract.requestSchema(op, "multipart/form-data")
                + "/properties/metadata/contentSchema",
            JSON.readTree(metadata),
            "metadata part");
      }
      if (curl.option("--data-binary") != null) {
        contract.requestSchema(op, "application/zip");
      }
    }
    assertThat(bodies).as("JSON bodies checked").isGreaterThan(8);
  }

  @Test
  void every_answer_shown_fits_the_contract() throws Exception {
    int answers = 0;
    for (Curl curl : docs.curls()) {
      if (curl.answer() == null || curl.url().isEmpty()) {
        continue;
      }
      Optional<JsonNode> answer = parse(curl.answer());
      if (answer.isEmpty()) {
        continue;
      }
      contract.assertFits(
          contract.success(contract.operation(curl.method(), curl.path())),
          answer.get(),
          curl.answer());
      answers++;
    }
    for (Block json : docs.blocks("json")) {
      Optional<ApiDocs.Endpoint> endpoint = json.endpoint();
      String schema;
      if (endpoint.isPresent()) {
        schema =
            contract.success(contract.operation(endpoint.get().method(), endpoint.get().path()));
      } else {
        assertThat(json.heading()).as("a JSON block outside an endpoint").contains("Errors");
        schema = "/components/schemas/Error";
      }
      contract.assertFits(schema, JSON.readTree(json.text()), json.text());
      answers++;
    }
    assertThat(answers).as("answers checked").isGreaterThan(8);
  }

  @Test
  void every_example_that_makes_something_keeps_its_id_for_the_examples_after_it() {
    List<String> words = docs.curls().stream().flatMap(curl -> curl.words().stream()).toList();
    assertThat(words)
        .as("no example names a made-up id; each takes one an earlier example kept")
        .noneMatch(word -> word.contains("...") || word.contains("tok_0123"));
  }

  private static Optional<JsonNode> parse(String json) {
    try {
      return Optional.of(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
