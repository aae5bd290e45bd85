package dev.verdict.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The contract's checks can fail: a wrong answer is caught, also through references. */
class ContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Contract contract = Contract.fromResource();

  @Test
  void an_error_body_fits_only_in_its_own_shape() throws Exception {
    String error = "/components/schemas/Error";

    assertThat(contract.errors(error, JSON.readTree("{\"error\": \"x\", \"field\": null}")))
        .isEmpty();
    assertThat(contract.errors(error, JSON.readTree("{\"error\": \"x\"}"))).isNotEmpty();
    assertThat(
            contract.errors(
                error, JSON.readTree("{\"error\": \"x\", \"field\": null, \"stack\": \"at\"}")))
        .isNotEmpty();
  }

  @Test
  void a_wrong_value_deep_in_a_submission_is_caught_through_its_references() throws Exception {
    String schema =
        contract.responseSchema(
            contract.operation("GET", "/api/v1/submissions/abc"), 200, "application/json");
    String good =
        "{\"id\": \"abc\", \"status\": \"DONE\", \"grading\": 1, \"revision\": \"DONE:1\","
            + " \"history\": [{\"grading\": 1, \"status\": \"DONE\"}],"
            + " \"tests\": [{\"name\": \"sample/1\", \"verdict\": \"ACCEPTED\"}]}";

    assertThat(contract.errors(schema, JSON.readTree(good))).isEmpty();
    assertThat(contract.errors(schema, JSON.readTree(good.replace("\"ACCEPTED\"", "\"OK\""))))
        .isNotEmpty();
    assertThat(contract.errors(schema, JSON.readTree(good.replace("DONE:1", "FINISHED"))))
        .isNotEmpty();
  }

  @Test
  void a_literal_path_wins_over_a_parameter() {
    assertThat(contract.operation("POST", "/api/v1/submissions/batch").template())
        .isEqualTo("/api/v1/submissions/batch");
    assertThat(contract.find("DELETE", "/api/v1/submissions/batch")).isEmpty();
  }
}
