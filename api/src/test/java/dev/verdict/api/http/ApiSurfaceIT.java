package dev.verdict.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API as a new user meets it: every answer, its own and the HTTP server's, is the same JSON
 * error shape; nothing echoes parser internals; media types, JSON and query parameters are checked
 * strictly, naming what is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSurfaceIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "{\"name\": \"main.py\", \"content\": \"print(1)\"}";

  private RunningApi api;
  private String token;

  @BeforeAll
  void start() {
    api =
        RunningApi.start(
            services, "api.access.submitterPerMinute=0", "api.http.maxRequestBytes=1048576");
    token = api.token("surface", Role.SUBMITTER);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
  }

  @Test
  void an_unknown_route_is_a_json_404_and_is_counted() throws Exception {
    long before = count("verdict.api.http.responses.4xx");

    HttpResponse<String> response = api.get("/api/v1/nothing-here", token);

    assertError(response, 404);
    assertThat(count("verdict.api.http.responses.4xx")).isEqualTo(before + 1);
    assertThat(api.metrics.registry().timer("verdict.api.http.get.unmatched").getCount())
        .isPositive();
  }

  @Test
  void an_unknown_method_is_a_json_405_and_is_counted() throws Exception {
    long before = count("verdict.api.http.responses.4xx");

    HttpResponse<String> response =
        api.send(api.request("/api/v1/languages", token).DELETE().build());

    assertError(response, 405);
    assertThat(count("verdict.api.http.responses.4xx")).isEqualTo(before + 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /%zz HTTP/1.1",
        "GET /api/v1/%2e%2e/healthz HTTP/1.1",
        "GET /api/v1/submissions/..%2f..%2fetc HTTP/1.1",
        "GET /healthz HTTP/1.1\r\nBad Header: x"
      })
  void the_http_servers_own_errors_are_json_too(String requestHead) throws Exception {
    String answer = raw(requestHead + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    String status = answer.substring(0, answer.indexOf("\r\n"));
    assertThat(status).matches("HTTP/1.1 4\\d\\d .*");
    assertThat(answer.toLowerCase(java.util.Locale.ROOT))
        .contains("content-type: application/json");
    JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(body.get("error").asText()).isNotBlank();
    assertThat(answer).doesNotContain("<html").doesNotContain("Jetty").doesNotContain("%zz");
  }

  @Test
  void a_malformed_body_is_refused_without_the_parsers_words_or_an_echo() throws Exception {
    String secretish = "x".repeat(5_000);
    HttpResponse<String> broken =
        post("{\"problem\": \"sum\", \"language\": tru" + secretish + "}");
    HttpResponse<String> longName =
        post(
            "{\"problem\": \"sum\", \"language\": \""
                + secretish
                + "\", \"files\": ["
                + FILE
                + "]}");

    for (HttpResponse<String> response : java.util.List.of(broken, longName)) {
      String error = assertError(response, 400).get("error").asText();
      assertThat(error)
          .doesNotContain("com.fasterxml")
          .doesNotContain("Exception")
          .doesNotContain("Source:")
          .doesNotContain("token")
          .hasSizeLessThan(200);
    }
  }

  @Test
  void a_chunked_body_over_the_limit_is_refused_as_soon_as_it_crosses_it() throws Exception {
    String answer;
    try (Socket socket = submissionHead("Transfer-Encoding: chunked")) {
      OutputStream out = socket.getOutputStream();
      byte[] chunk =
          ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      // why: 2 MiB against a 1 MiB limit, and then nothing: the body is never finished, so an
      // answer can only come from a server that refused it when the limit was crossed.
      for (int i = 0; i < 32; i++) {
        out.write(chunk);
      }
      out.flush();
      answer = readAll(socket.getInputStream());
    }

    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
    JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(body.get("field").asText()).isEqualTo("body");
  }

  @Test
  void a_body_declared_over_the_limit_is_a_413_before_the_rest_of_it_is_sent() throws Exception {
    long stored = new SubmissionStore(api.database(), new MetricRegistry()).count();
    try (Socket socket = submissionHead("Content-Length: " + (64 << 20))) {
      // why: were the body read before it is measured, this read would wait for 64 MiB that are
      // never sent, and time out.
      socket.getOutputStream().write("{\"problem\": \"sum\", ".getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 413");
    }
    assertThat(new SubmissionStore(api.database(), new MetricRegistry()).count()).isEqualTo(stored);
  }

  /**
   * A connection that has sent the head of a JSON submission with {@code framing} (its length or
   * chunked encoding) and nothing of the body; reads on it time out after 10 s.
   */
  private Socket submissionHead(String framing) throws IOException {
    Socket socket = new Socket("127.0.0.1", api.api.port());
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + token
                + "\r\nContent-Type: application/json\r\n"
                + framing
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded"})
  void a_post_that_is_neither_json_nor_multipart_is_a_415(String type) throws Exception {
    HttpResponse<String> response =
        api.send(
            api.request("/api/v1/submissions", token)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(RunningApi.sumInPython()))
                .build());

    assertThat(assertError(response, 415).get("field").asText()).isEqualTo("Content-Type");
  }

  @Test
  void a_multipart_post_that_is_no_multipart_body_is_a_400_for_the_body() throws Exception {
    HttpResponse<String> response =
        api.send(
            api.request("/api/v1/submissions", token)
                .header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString(RunningApi.sumInPython()))
                .build());

    assertThat(assertError(response, 400).get("field").asText()).isEqualTo("body");
  }

  @Test
  void a_post_without_a_content_type_is_a_415() throws Exception {
    HttpResponse<String> response =
        api.send(
            api.request("/api/v1/submissions", token)
                .POST(HttpRequest.BodyPublishers.ofString(RunningApi.sumInPython()))
                .build());

    assertError(response, 415);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "duplicate key | {\"problem\": \"sum\", \"problem\": \"reverse\", \"language\": \"python3\","
            + " \"files\": ["
            + FILE
            + "]} | problem",
        "duplicate key in a file | {\"problem\": \"sum\", \"language\": \"python3\", \"files\":"
            + " [{\"name\": \"a.py\", \"name\": \"b.py\", \"content\": \"x\"}]} | files[0].name",
        "unknown field | {\"problem\": \"sum\", \"language\": \"python3\", \"priority\": 1,"
            + " \"files\": ["
            + FILE
            + "]} | priority",
        "unknown file field | {\"problem\": \"sum\", \"language\": \"python3\", \"files\":"
            + " [{\"name\": \"main.py\", \"content\": \"x\", \"mode\": 755}]} | files[0].mode",
        "wrong type | {\"problem\": [\"sum\"], \"language\": \"python3\", \"files\": ["
            + FILE
            + "]} | problem",
        "lone surrogate | {\"problem\": \"sum\", \"language\": \"python3\", \"files\": [{\"name\":"
            + " \"main.py\", \"content\": \"print('\\ud800')\"}]} | files[0].content",
        "extension of another language | {\"problem\": \"sum\", \"language\": \"python3\","
            + " \"files\": [{\"name\": \"main.c\", \"content\": \"int main(){}\"}]} | files[0].name",
        "second value after the body | {\"problem\": \"sum\"} {} | body"
      })
  void strict_json_refusals_name_the_field(String why, String body, String field) throws Exception {
    assertThat(assertError(post(body), 400).get("field").asText()).as(why).isEqualTo(field);
  }

  @ParameterizedTest
  @CsvSource({
    "waitMs=30001, waitMs, 0..30000",
    "waitMs=-1, waitMs, 0..30000",
    "waitMs=soon, waitMs, 0..30000",
    "after=x&waitMs=10, after, RUNNING:3",
    "until=later&waitMs=10, until, result or done"
  })
  void a_bad_query_parameter_is_a_400_naming_it_and_its_range(
      String query, String field, String range) throws Exception {
    String id = JSON.readTree(post(RunningApi.sumInPython()).body()).get("id").asText();

    JsonNode error = assertError(api.get("/api/v1/submissions/" + id + "?" + query, token), 400);

    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("error").asText()).contains(range);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return api.post("/api/v1/submissions", token, body);
  }

  private long count(String meter) {
    return api.metrics.registry().meter(meter).getCount();
  }

  private static JsonNode assertError(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.has("error")).isTrue();
    assertThat(body.has("field")).isTrue();
    return body;
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", api.api.port())) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return readAll(socket.getInputStream());
    }
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      in.transferTo(out);
    } catch (java.net.SocketException e) {
      // why: a connection reset after the answer is how a refused upload ends; keep what came.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
