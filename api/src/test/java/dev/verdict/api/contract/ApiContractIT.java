package dev.verdict.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.Multipart;
import dev.verdict.api.testing.Results;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI contract against the running API (real RabbitMQ and Redis, the MongoDB stand-in):
 * every route the router registers is in it and nothing else, and the API's real answers, happy
 * paths and errors alike, fit the schemas it gives for their status and media type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Contract contract = Contract.fromResource();
  private final List<String> checked = new ArrayList<>();
  private RunningApi api;
  private String student;
  private String staff;
  private String admin;

  @BeforeAll
  void start() {
    api =
        RunningApi.start(
            services,
            "api.access.submitterPerMinute=0",
            "api.http.maxRequestBytes=1048576",
            "webhooks.secret=contract-test-secret",
            "webhooks.deny=");
    student = api.token("contract-student", Role.SUBMITTER);
    staff = api.token("contract-staff", Role.STAFF);
    admin = api.token("contract-admin", Role.ADMIN);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void every_registered_route_is_in_the_contract_and_every_operation_is_registered() {
    TreeSet<String> registered = new TreeSet<>();
    for (String route : api.api.routes()) {
      registered.add(route.replaceAll("<([^>]+)>", "{$1}").replaceAll("/\\*$", "/{path}"));
    }

    assertThat(registered).as("routes the API registers").hasSizeGreaterThan(30);
    assertThat(contract.operations()).containsExactlyElementsOf(registered);
  }

  @Test
  void the_api_serves_its_contract_without_a_token() throws Exception {
    HttpResponse<String> response = api.get(ContractRoutes.PATH, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(JSON.readTree(response.body())).isEqualTo(contract.document);
    assertThat(contract.document.path("openapi").textValue()).startsWith("3.1.");
  }

  @Test
  void every_reference_in_the_contract_leads_somewhere() {
    List<String> refs = new ArrayList<>();
    collectRefs(contract.document, refs);

    assertThat(refs).hasSizeGreaterThan(50);
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(contract.document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  @Test
  void submission_answers_fit_the_contract() throws Exception {
    String id = id(check(post("/api/v1/submissions", student, RunningApi.sumInPython()), 202));
    check(api.get("/api/v1/submissions/" + id, student), 200);
    String adhoc =
        "{\"language\": \"python3\", \"files\": [{\"name\": \"main.py\", \"content\":"
            + " \"print(input())\"}], \"tests\": [{\"input\": \"1\\n\", \"expectedOutput\":"
            + " \"1\\n\"}], \"limits\": {\"timeLimitMs\": 1000}, \"callbackUrl\":"
            + " \"http://127.0.0.1:9/hook\"}";
    String adhocId = id(check(post("/api/v1/submissions", student, adhoc), 202));
    check(api.get("/api/v1/submissions/" + adhocId, student), 200);
    Multipart form =
        new Multipart()
            .field("problem", "sum")
            .field("language", "python3")
            .file("files", "main.py", "print(3)");
    check(
        api.send(
            api.request("/api/v1/submissions", student)
                .header("Content-Type", form.contentType())
                .POST(form.publisher())
                .build()),
        202);

    Results.finish(api, id, Results.wrongAnswer());
    check(api.get("/api/v1/submissions/" + id + "?until=done&waitMs=1000", student), 200);
    check(api.get("/api/v1/submissions/" + id, staff), 200);
    check(api.get("/api/v1/submissions?limit=2", student), 200);
    check(api.get("/api/v1/submissions?user=contract-student", staff), 200);
    checkEvents(api.get("/api/v1/submissions/" + id + "/events", student));
    Results.forgetLive(api, id);
    check(api.get("/api/v1/submissions/" + id, student), 200);

    String batch =
        "{\"submissions\": ["
            + RunningApi.sumInPython()
            + ", {\"problem\": \"sum\", \"language\": \"cobol\", \"files\": [{\"name\":"
            + " \"main.cob\", \"content\": \"x\"}]}]}";
    check(post("/api/v1/submissions/batch", student, batch), 200);

    String key = "contract-" + System.nanoTime();
    check(postWithKey(key, RunningApi.sumInPython()), 202);
    check(postWithKey(key, RunningApi.sumInPython()), 202);
    check(postWithKey(key, adhoc), 409);
  }

  @Test
  void submission_errors_fit_the_contract() throws Exception {
    check(post("/api/v1/submissions", null, RunningApi.sumInPython()), 401);
    check(post("/api/v1/submissions", student, "{\"problem\": \"sum\"}"), 400);
    check(post("/api/v1/submissions", student, "[1"), 400);
    check(post("/api/v1/submissions", student, "x".repeat(2 * 1024 * 1024)), 413);
    check(
        api.send(
            api.request("/api/v1/submissions", student)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build()),
        415);
    check(api.get("/api/v1/submissions/no-such-id", student), 404);
    check(api.get("/api/v1/submissions?limt=3", student), 400);
    check(api.get("/api/v1/submissions/no-such-id/events", student), 404);
    check(post("/api/v1/submissions/batch", student, "{\"submissions\": []}"), 400);
  }

  @Test
  void rejudge_answers_fit_the_contract() throws Exception {
    String id = id(check(post("/api/v1/submissions", student, RunningApi.sumInPython()), 202));
    check(post("/api/v1/submissions/" + id + "/rejudge", staff, "{}"), 409);
    check(post("/api/v1/submissions/" + id + "/rejudge", student, "{}"), 403);
    Results.finish(api, id, Results.wrongAnswer());

    String rejudge =
        id(
            check(
                post("/api/v1/submissions/" + id + "/rejudge", staff, "{\"version\": \"same\"}"),
                202));
    check(api.get("/api/v1/rejudges/" + rejudge, staff), 200);
    check(api.get("/api/v1/rejudges?limit=5", staff), 200);
    check(api.get("/api/v1/rejudges/rj_none", staff), 404);
    check(
        post(
            "/api/v1/rejudges",
            staff,
            "{\"problem\": \"sum\", \"verdict\": \"WRONG_ANSWER\", \"version\": \"newest\"}"),
        202);
    check(post("/api/v1/rejudges", staff, "{\"submissions\": [\"nothing\"]}"), 400);
    check(api.get("/api/v1/submissions/" + id, staff), 200);
  }

  @Test
  void problem_language_and_system_answers_fit_the_contract() throws Exception {
    checkAll(
        student,
        "GET /api/v1/languages 200",
        "GET /api/v1/problems 200",
        "GET /api/v1/problems/sum 200",
        "GET /api/v1/problems/nothing 404",
        "GET /api/v1/problems/sum/versions 403",
        "GET /api/v1/system 403");
    checkAll(
        staff,
        "GET /api/v1/problems/sum 200",
        "GET /api/v1/problems/sum/versions 200",
        "GET /api/v1/system 200",
        "DELETE /api/v1/problems/nothing 404");
    check(api.patch("/api/v1/problems/sum", staff, "{\"revealFirstFailingTest\": false}"), 200);
    check(api.patch("/api/v1/problems/sum", staff, "{\"reveal\": true}"), 400);

    byte[] zip = zip(Path.of("..", "examples", "problems", "sum"));
    String problem = "contract" + (System.nanoTime() % 100_000);
    check(sendZip("POST", "/api/v1/problems?id=" + problem, zip), 201);
    check(sendZip("POST", "/api/v1/problems?id=" + problem, zip), 409);
    check(sendZip("PUT", "/api/v1/problems/" + problem, zip), 200);
    check(sendZip("PUT", "/api/v1/problems/" + problem, new byte[] {1, 2, 3}), 400);
    check(api.send(api.request("/api/v1/problems/" + problem, staff).DELETE().build()), 204);
  }

  @Test
  void token_session_health_web_and_jobe_answers_fit_the_contract() throws Exception {
    String token =
        check(post("/api/v1/tokens", admin, "{\"name\": \"someone\", \"role\": \"staff\"}"), 201)
            .get("id")
            .textValue();
    check(post("/api/v1/tokens", admin, "{\"name\": \"x\", \"role\": \"king\"}"), 400);
    checkAll(
        admin,
        "GET /api/v1/tokens 200",
        "DELETE /api/v1/tokens/" + token + " 200",
        "DELETE /api/v1/tokens/tok_none 404");
    check(api.get("/api/v1/tokens", staff), 403);

    check(post("/api/v1/session", student, ""), 201);
    checkAll(student, "GET /api/v1/session 200", "DELETE /api/v1/session 204");
    checkAll(
        null,
        "GET /healthz 200",
        "GET /readyz 200",
        "GET /metrics 200",
        "GET / 200",
        "GET /submissions/some-id 200",
        "GET /assets/0/nothing.js 404");

    String jobe = "/jobe/index.php/restapi";
    check(api.get(jobe + "/languages", null), 403);
    check(api.send(jobe(jobe + "/languages").GET().build()), 200);
    check(api.send(jobe(jobe).GET().build()), 404);
    check(api.send(jobe(jobe + "/runs/1").GET().build()), 200);
    check(api.send(jobe(jobe + "/runresults/1").GET().build()), 404);
    check(
        api.send(
            jobe(jobe + "/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"run_spec\": {}}"))
                .build()),
        400);
    check(api.send(jobe(jobe + "/files").POST(HttpRequest.BodyPublishers.noBody()).build()), 403);
    check(
        api.send(
            jobe(jobe + "/files/abc123")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"file_contents\": \"aGVsbG8=\"}"))
                .build()),
        204);
    check(
        api.send(
            jobe(jobe + "/files/abc123")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build()),
        204);
    check(
        api.send(
            api.request(jobe + "/runs", null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build()),
        200);
  }

  /**
   * Checks that the answer has {@code status}, that the contract documents that status and media
   * type for the request's operation, and that a JSON body fits the schema given there.
   */
  private JsonNode check(HttpResponse<String> response, int status) throws IOException {
    HttpRequest request = response.request();
    URI uri = request.uri();
    assertThat(response.statusCode())
        .as("%s %s: %s", request.method(), uri, response.body())
        .isEqualTo(status);
    Contract.Operation op = contract.operation(request.method(), uri.getPath());
    String type =
        response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "").trim();
    checked.add(op.method() + " " + op.template() + " " + status);
    if (response.body().isEmpty() || "HEAD".equals(request.method())) {
      assertThat(contract.document.at(op.pointer() + "/responses/" + status).isMissingNode())
          .as("%s %s documents %d", op.method(), op.template(), status)
          .isFalse();
      return JSON.missingNode();
    }
    String schema = contract.responseSchema(op, status, type);
    if (!type.equals("application/json")) {
      return JSON.missingNode();
    }
    JsonNode body = JSON.readTree(response.body());
    contract.assertFits(schema, body, request.method() + " " + uri + " " + status);
    return body;
  }

  /** Checks a whole event stream: each event's data against the schema its name has. */
  private void checkEvents(HttpResponse<String> response) throws IOException {
    check(response, 200);
    Contract.Operation op = contract.operation("GET", response.request().uri().getPath());
    Set<String> seen = new TreeSet<>();
    for (String block : response.body().split("\n\n")) {
      String event = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if (event == null) {
        continue;
      }
      String pointer = op.pointer() + "/x-events/" + event;
      assertThat(contract.document.at(pointer).isMissingNode()).as("event %s", event).isFalse();
      contract.assertFits(pointer, JSON.readTree(data), "event " + event);
      seen.add(event);
    }
    assertThat(seen).contains("test", "result");
  }

  private HttpRequest.Builder jobe(String path) {
    return api.request(path, null).header("X-API-KEY", student);
  }

  private HttpResponse<String> post(String path, String token, String json) throws IOException {
    return api.post(path, token, json);
  }

  private HttpResponse<String> postWithKey(String key, String json) throws IOException {
    return api.post("/api/v1/submissions", student, json, "Idempotency-Key", key);
  }

  /** Checks each of {@code calls}, {@code "METHOD path status"}, a request without a body. */
  private void checkAll(String token, String... calls) throws IOException {
    for (String call : calls) {
      String[] parts = call.split(" ");
      HttpRequest request =
          api.request(parts[1], token)
              .method(parts[0], HttpRequest.BodyPublishers.noBody())
              .build();
      check(api.send(request), Integer.parseInt(parts[2]));
    }
  }

  private HttpResponse<String> sendZip(String method, String path, byte[] zip) throws IOException {
    return api.send(
        api.request(path, staff)
            .header("Content-Type", "application/zip")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(zip))
            .build());
  }

  private static String id(JsonNode body) {
    return body.get("id").textValue();
  }

  private static byte[] zip(Path folder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject() && node.has("$ref")) {
      refs.add(node.get("$ref").textValue());
    }
    node.forEach(child -> collectRefs(child, refs));
  }
}
