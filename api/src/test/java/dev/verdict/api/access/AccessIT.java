package dev.verdict.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may call what, against the real API: 401 without a valid token, 403 without the role, 404 for
 * another user's submission, and tokens managed over the API by admins only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningApi api;
  private String admin;
  private String staff;
  private String alice;
  private String bob;

  @BeforeAll
  void start() {
    api = RunningApi.start(services, "api.access.tokenCacheMs=60000");
    admin = api.token("root", Role.ADMIN);
    staff = api.token("lab-staff", Role.STAFF);
    alice = api.token("alice", Role.SUBMITTER);
    bob = api.token("bob", Role.SUBMITTER);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/api/v1/problems", "/api/v1/languages", "/api/v1/submissions", "/api/v1/tokens"})
  void a_request_without_a_token_is_a_json_401(String path) throws Exception {
    HttpResponse<String> response = api.get(path, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(json(response).get("field").asText()).isEqualTo("Authorization");
  }

  @Test
  void a_made_up_token_is_a_401() throws Exception {
    String madeUp = TokenSecrets.newToken();

    assertThat(api.get("/api/v1/problems", madeUp).statusCode()).isEqualTo(401);
    assertThat(api.get("/api/v1/problems", "not-even-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void an_expired_token_is_a_401() throws Exception {
    long now = System.currentTimeMillis();
    String expired =
        new TokenStore(api.database(), new MetricRegistry())
            .create("late", Role.STAFF, now - 1, now - 60_000)
            .token();

    assertThat(api.get("/api/v1/problems", expired).statusCode()).isEqualTo(401);
  }

  @Test
  void a_revoked_token_is_a_401_at_once_even_after_it_was_used() throws Exception {
    HttpResponse<String> created =
        api.post("/api/v1/tokens", admin, "{\"name\": \"carol\", \"role\": \"submitter\"}");
    String token = json(created).get("token").asText();
    String id = json(created).get("id").asText();
    assertThat(api.get("/api/v1/problems", token).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        api.send(api.request("/api/v1/tokens/" + id, admin).DELETE().build());

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).get("revokedAt").asText()).isNotBlank();
    assertThat(api.get("/api/v1/problems", token).statusCode()).isEqualTo(401);
  }

  @Test
  void an_admin_creates_a_token_shown_once_and_stored_only_as_a_hash() throws Exception {
    HttpResponse<String> created =
        api.post(
            "/api/v1/tokens",
            admin,
            "{\"name\": \"lab-assistant\", \"role\": \"staff\", \"expires\": \"30d\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = json(created);
    String token = body.get("token").asText();
    assertThat(token).startsWith("vd_").hasSize(46);
    assertThat(body.get("role").asText()).isEqualTo("staff");
    assertThat(body.get("expiresAt").asText()).isNotBlank();
    assertThat(api.get("/api/v1/submissions?user=alice", token).statusCode()).isEqualTo(200);
    String listed = api.get("/api/v1/tokens", admin).body();
    assertThat(listed).contains("lab-assistant").doesNotContain(token).doesNotContain("vd_");
    List<String> stored = new ArrayList<>();
    for (Document document : api.database().getCollection("tokens").find()) {
      stored.add(document.toJson());
    }
    assertThat(String.join("\n", stored)).doesNotContain(token).contains(TokenSecrets.hash(token));
  }

  @Test
  void only_admins_manage_tokens() throws Exception {
    String body = "{\"name\": \"mallory\", \"role\": \"admin\"}";

    assertThat(api.post("/api/v1/tokens", staff, body).statusCode()).isEqualTo(403);
    assertThat(api.post("/api/v1/tokens", alice, body).statusCode()).isEqualTo(403);
    assertThat(api.get("/api/v1/tokens", staff).statusCode()).isEqualTo(403);
    assertThat(api.send(api.request("/api/v1/tokens/tok_1", alice).DELETE().build()).statusCode())
        .isEqualTo(403);
  }

  @Test
  void a_bad_token_request_names_its_field() throws Exception {
    assertThat(field(api.post("/api/v1/tokens", admin, "{\"name\": \"x\", \"role\": \"root\"}")))
        .isEqualTo("role");
    assertThat(field(api.post("/api/v1/tokens", admin, "{\"name\": \"a b\", \"role\": \"staff\"}")))
        .isEqualTo("name");
    assertThat(
            field(
                api.post(
                    "/api/v1/tokens",
                    admin,
                    "{\"name\": \"x\", \"role\": \"staff\", \"expires\": \"soon\"}")))
        .isEqualTo("expires");
  }

  @Test
  void a_submitter_never_sees_anothers_submission_which_answers_like_an_unknown_one()
      throws Exception {
    HttpResponse<String> submitted =
        api.post("/api/v1/submissions", alice, RunningApi.sumInPython());
    assertThat(submitted.statusCode()).isEqualTo(202);
    String id = json(submitted).get("id").asText();
    String unknown = "/api/v1/submissions/00000000-0000-4000-8000-000000000000";

    HttpResponse<String> asBob = api.get("/api/v1/submissions/" + id, bob);
    HttpResponse<String> missing = api.get(unknown, bob);

    assertThat(asBob.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(asBob).get("field")).isEqualTo(json(missing).get("field"));
    assertThat(api.get("/api/v1/submissions/" + id + "?waitMs=5000&until=done", bob).statusCode())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/submissions/" + id, alice).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/submissions/" + id, staff).statusCode()).isEqualTo(200);
    assertThat(json(api.get("/api/v1/submissions/" + id, staff)).get("user").asText())
        .isEqualTo("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthz", "/readyz", "/metrics"})
  void health_and_metrics_need_no_token(String path) throws Exception {
    assertThat(api.get(path, null).statusCode()).isEqualTo(200);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static String field(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    return json(response).get("field").asText();
  }
}
