package dev.verdict.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded fuzz of the JSON API: jqwik's generators make a few hundred request bodies (arbitrary
 * JSON trees, and valid submissions with one part replaced by arbitrary JSON) and ids; every answer
 * must be an accepted submission or a 4xx with a JSON error, never a 5xx, and exactly the accepted
 * ones are stored. A failure prints the body that broke it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BODIES = 300;
  private static final int IDS = 100;
  private static final Set<Integer> REFUSALS = Set.of(400, 404, 413, 415, 422);

  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private RunningApi api;
  private String token;

  @BeforeAll
  void start() {
    api = RunningApi.start(services, "api.access.submitterPerMinute=0");
    token = api.token("fuzz", Role.SUBMITTER);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void any_json_body_is_accepted_or_refused_with_a_json_error_and_only_accepted_ones_are_stored()
      throws Exception {
    List<String> accepted = new ArrayList<>();
    List<String> bodies = bodies().sampleStream().limit(BODIES).toList();
    for (String body : bodies) {
      HttpResponse<String> answer = api.post("/api/v1/submissions", token, body);
      if (answer.statusCode() == 202) {
        accepted.add(JSON.readTree(answer.body()).get("id").asText());
        continue;
      }
      assertThat(answer.statusCode()).as("POST %s -> %s", body, answer.body()).isIn(REFUSALS);
      JsonNode error = JSON.readTree(answer.body());
      assertThat(error.path("error").isTextual()).as("POST %s -> %s", body, answer.body()).isTrue();
    }
    assertThat(api.database().getCollection("submissions").countDocuments())
        .as("exactly the accepted submissions are stored")
        .isEqualTo(accepted.size());
  }

  @Test
  void any_id_is_found_or_refused_with_a_json_error() throws Exception {
    List<String> ids =
        Arbitraries.strings()
            .withChars("abcdef0123456789-_.~% ?#&=\u00e9\u0000")
            .ofMinLength(1)
            .ofMaxLength(80)
            .sampleStream()
            .limit(IDS)
            .toList();
    for (String id : ids) {
      String path =
          "/api/v1/submissions/"
              + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
      HttpResponse<String> answer = api.get(path, token);
      assertThat(answer.statusCode()).as("GET %s -> %s", path, answer.body()).isIn(REFUSALS);
      assertThat(JSON.readTree(answer.body()).path("error").isTextual())
          .as("GET %s -> %s", path, answer.body())
          .isTrue();
    }
  }

  /** Arbitrary JSON, or a valid submission with one part replaced by arbitrary JSON. */
  private static Arbitrary<String> bodies() {
    Arbitrary<Object> anything = json(3);
    Arbitrary<Map<String, Object>> mutated =
        Arbitraries.of("problem", "language", "files", "files[0].name", "files[0].content", "extra")
            .flatMap(part -> anything.map(value -> validWith(part, value)));
    return Arbitraries.frequencyOf(Tuple.of(1, anything), Tuple.of(3, mutated.asGeneric()))
        .map(JsonFuzzIT::write);
  }

  private static Map<String, Object> validWith(String part, Object value) {
    Map<String, Object> file = new HashMap<>();
    file.put("name", "main.py");
    file.put("content", "print(sum(map(int, input().split())))\n");
    Map<String, Object> body = new HashMap<>();
    body.put("problem", "sum");
    body.put("language", "python3");
    body.put("files", List.of(file));
    switch (part) {
      case "files[0].name" -> file.put("name", value);
      case "files[0].content" -> file.put("content", value);
      default -> body.put(part, value);
    }
    return body;
  }

  private static Arbitrary<Object> json(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.of(true, false).asGeneric(),
            Arbitraries.integers().asGeneric(),
            Arbitraries.longs().asGeneric(),
            Arbitraries.doubles().asGeneric(),
            Arbitraries.strings().ofMaxLength(40).asGeneric());
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> inner = Arbitraries.lazy(() -> json(depth - 1));
    return Arbitraries.oneOf(
        leaf,
        inner.list().ofMaxSize(3).asGeneric(),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), inner)
            .ofMaxSize(3)
            .asGeneric());
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
