package dev.verdict.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rest of the bad-input catalogue on a real port: hostile nesting, file names that only look
 * harmless, bytes that are not UTF-8, unknown query parameters, ids of odd shape and limits out of
 * range. Each is a precise 4xx whose JSON body names the field; nothing reaches MongoDB; and the
 * API answers normally afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCatalogueIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private RunningApi api;
  private MongoClient mongo;
  private String token;
  private String admin;
  private String submissionId;

  @BeforeAll
  void start() throws Exception {
    api = RunningApi.start(services, "api.access.submitterPerMinute=0");
    mongo = MongoConnections.open(api.config.mongo(), "test");
    token = api.token("catalogue", Role.SUBMITTER);
    admin = api.token("catalogue-admin", Role.ADMIN);
    HttpResponse<String> accepted =
        api.post("/api/v1/submissions", token, RunningApi.sumInPython());
    assertThat(accepted.statusCode()).isEqualTo(202);
    submissionId = JSON.readTree(accepted.body()).get("id").asText();
  }

  @AfterAll
  void stop() throws Exception {
    mongo.close();
    api.close();
  }

  @AfterEach
  void the_api_still_answers() throws Exception {
    assertThat(api.get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/submissions/" + submissionId, token).statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> hostileBodies() {
    int depth = 100_000;
    return Stream.of(
        Arguments.of("arrays nested 100,000 deep", nested("[", "]", depth), "body"),
        Arguments.of(
            "objects nested 100,000 deep in a field",
            "{\"problem\": " + nested("{\"a\": ", "}", depth, "1") + "}",
            "body"),
        Arguments.of(
            "arrays nested 100,000 deep in the files",
            "{\"problem\": \"sum\", \"language\": \"python3\", \"files\": "
                + nested("[", "]", depth)
                + "}",
            "body"),
        Arguments.of("unclosed nesting 100,000 deep", "[".repeat(depth), "body"));
  }

  private static String nested(String open, String close, int depth) {
    return nested(open, close, depth, "");
  }

  private static String nested(String open, String close, int depth, String inner) {
    return open.repeat(depth) + inner + close.repeat(depth);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void deep_nesting_is_a_400_not_a_stack_overflow(String why, String body, String field)
      throws Exception {
    assertRefused(why, body.getBytes(StandardCharsets.UTF_8), 400, field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "division slash | \\u2215etc\\u2215passwd",
        "fraction slash | a\\u2044b.py",
        "fullwidth solidus | a\\uff0fb.py",
        "fullwidth full stops | \\uff0e\\uff0e",
        "one dot leaders | \\u2024\\u2024",
        "big solidus | \\u29f8tmp.py",
        "fullwidth reverse solidus | a\\uff3cb.py",
        "right-to-left override | main\\u202eyp.c",
        "zero-width space | main\\u200b.py",
        "no-break space | main\\u00a0.py",
        "C1 control character | main\\u0085.py",
        "DEL | main\\u007f.py",
        "escape character | main\\u001b[2J.py",
        "tab | main\\t.py",
        "newline | main\\n.py",
        "accented letter | m\\u00e4in.py",
        "dot-dot alone | ..",
        "leading dot | .bashrc",
        "dot-dot with a slash look-alike | ..\\u2215x.py"
      })
  void a_file_name_that_only_looks_harmless_is_refused(String why, String name) throws Exception {
    assertRefused(why, fileNamed(name).getBytes(StandardCharsets.UTF_8), 400, "files[0].name");
  }

  @ParameterizedTest(name = "name of {0} characters")
  @CsvSource({"129", "4096", "200000"})
  void an_overlong_file_name_is_refused(int length) throws Exception {
    String name = "a".repeat(length - 3) + ".py";
    assertRefused(
        "name of " + length,
        fileNamed(name).getBytes(StandardCharsets.UTF_8),
        400,
        "files[0].name");
  }

  @Test
  void a_raw_nul_byte_in_a_file_name_is_refused() throws Exception {
    assertRefused(
        "raw NUL", fileNamed("a\u0000b.py").getBytes(StandardCharsets.UTF_8), 400, "files[0].name");
  }

  static Stream<Arguments> invalidUtf8() {
    return Stream.of(
        Arguments.of(
            "0xFF in the content",
            withBytes("content", "pri", new byte[] {(byte) 0xff}),
            "files[0].content"),
        Arguments.of(
            "lone continuation byte in the name",
            withBytes("name", "ma", new byte[] {(byte) 0x80}),
            "files[0].name"),
        Arguments.of(
            "truncated sequence in the content",
            withBytes("content", "x", new byte[] {(byte) 0xe2, (byte) 0x82}),
            "files[0].content"),
        Arguments.of(
            "bad continuation in the content",
            withBytes("content", "x", new byte[] {(byte) 0xc3, (byte) 0x28}),
            "files[0].content"),
        Arguments.of(
            "overlong '/' in the content",
            withBytes("content", "x", new byte[] {(byte) 0xc0, (byte) 0xaf}),
            "files[0].content"),
        Arguments.of(
            "overlong '.' in the name",
            withBytes("name", "x", new byte[] {(byte) 0xc0, (byte) 0xae}),
            "files[0].name"),
        Arguments.of(
            "encoded surrogate in the content",
            withBytes("content", "x", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
            "files[0].content"),
        Arguments.of(
            "code point past U+10FFFF in the content",
            withBytes(
                "content", "x", new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
            "files[0].content"),
        Arguments.of(
            "Latin-1 body",
            "{\"problem\": \"s\u00fcm\", \"language\": \"python3\", \"files\": []}"
                .getBytes(StandardCharsets.ISO_8859_1),
            "problem"));
  }

  /** A submission whose file's {@code field} is {@code prefix}, then {@code bytes}, then "y". */
  private static byte[] withBytes(String field, String prefix, byte[] bytes) {
    String name = field.equals("name") ? "\u0001" : "main.py";
    String content = field.equals("content") ? "\u0001" : "print(1)";
    String template = fileNamed(name, content);
    String marker = "\u0001";
    int at = template.indexOf(marker);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((template.substring(0, at) + prefix).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bytes);
    out.writeBytes(("y" + template.substring(at + 1)).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidUtf8")
  void invalid_utf8_is_refused_naming_the_field(String why, byte[] body, String field)
      throws Exception {
    assertRefused(why, body, 400, field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/submissions?limt=5 | limt",
        "/api/v1/submissions?limit=5&page=2 | page",
        "/api/v1/submissions/{id}?wait=1000 | wait",
        "/api/v1/submissions/{id}?waitMS=1000 | waitMS",
        "/api/v1/problems?sort=id | sort",
        "/api/v1/problems/sum?lang=c | lang",
        "/api/v1/languages?x= | x",
        "/api/v1/problems/sum/versions?all=1 | all",
        "/api/v1/tokens?role=admin | role"
      })
  void an_unknown_query_parameter_is_a_400_naming_it(String path, String parameter)
      throws Exception {
    HttpResponse<String> response = api.get(path.replace("{id}", submissionId), admin(path));

    JsonNode error = assertError(response, 400);
    assertThat(error.get("field").asText()).isEqualTo(parameter);
    assertThat(error.get("error").asText()).contains("not a known query parameter");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/api/v1/submissions?limit=5",
    "/api/v1/submissions/{id}?waitMs=0",
    "/api/v1/problems",
    "/api/v1/languages",
    "/api/v1/tokens"
  })
  void known_query_parameters_are_still_answered(String path) throws Exception {
    assertThat(api.get(path.replace("{id}", submissionId), admin(path)).statusCode())
        .isEqualTo(200);
  }

  private String admin(String path) {
    return path.startsWith("/api/v1/tokens") || path.contains("/versions") ? admin : token;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "x",
    "0",
    "null",
    "-1",
    "01A2FFFF-0000-7000-8000-000000000000",
    "01a2ffff000070008000000000000000",
    "%7B01a2ffff-0000-7000-8000-000000000000%7D",
    "01a2ffff-0000-7000-8000-000000000000.json",
    "01a2ffff-0000-7000-8000-00000000000g",
    "%2e%2e",
    "a%20b",
    "%E2%80%AE",
    "%C0%AF",
    "%FF",
    "$where",
    "%7B%22$ne%22:1%7D"
  })
  void a_submission_id_of_odd_shape_is_a_json_404_naming_the_id(String id) throws Exception {
    JsonNode error = assertError(api.get("/api/v1/submissions/" + id, token), 404);
    assertThat(error.get("field").asText()).isEqualTo("id");
  }

  @Test
  void a_nul_in_the_path_is_refused_by_the_http_server_as_json() throws Exception {
    JsonNode error = assertError(api.get("/api/v1/submissions/a%00b", token), 400);
    assertThat(error.get("error").asText()).contains("path");
  }

  @Test
  void an_overlong_submission_id_is_a_json_404_naming_the_id() throws Exception {
    JsonNode error = assertError(api.get("/api/v1/submissions/" + "a".repeat(4000), token), 404);
    assertThat(error.get("field").asText()).isEqualTo("id");
    assertThat(error.get("error").asText().length()).isLessThan(400);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/api/v1/submissions?limit=-1, limit",
    "/api/v1/submissions?limit=-2147483648, limit",
    "/api/v1/submissions?limit=2147483648, limit",
    "/api/v1/submissions?limit=99999999999999999999, limit",
    "/api/v1/submissions?limit=1e2, limit",
    "/api/v1/submissions?limit=, limit",
    "/api/v1/submissions?limit=0x10, limit",
    "/api/v1/submissions/{id}?waitMs=0x10, waitMs",
    "/api/v1/submissions/{id}?waitMs=, waitMs",
    "/api/v1/submissions/{id}?waitMs=-9223372036854775808, waitMs",
    "/api/v1/submissions/{id}?waitMs=9223372036854775807, waitMs",
    "/api/v1/submissions/{id}?waitMs=99999999999999999999, waitMs",
    "/api/v1/submissions/{id}?waitMs=1.5, waitMs"
  })
  void a_limit_or_wait_out_of_range_is_a_400_naming_it(String path, String field) throws Exception {
    JsonNode error = assertError(api.get(path.replace("{id}", submissionId), token), 400);
    assertThat(error.get("field").asText()).isEqualTo(field);
  }

  @Test
  void the_smallest_and_largest_limits_are_answered() throws Exception {
    assertThat(api.get("/api/v1/submissions?limit=1", token).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/submissions?limit=100", token).statusCode()).isEqualTo(200);
  }

  private void assertRefused(String why, byte[] body, int status, String field) throws Exception {
    Stored before = stored();

    HttpResponse<String> response =
        api.send(
            api.request("/api/v1/submissions", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

    JsonNode error = assertError(response, status);
    assertThat(error.get("field").asText()).as(why).isEqualTo(field);
    assertThat(error.get("error").asText()).as(why).isNotBlank().hasSizeLessThan(1000);
    assertThat(stored()).as(why).isEqualTo(before);
  }

  private record Stored(long submissions, long blobs) {}

  private Stored stored() {
    MongoDatabase database = api.database();
    return new Stored(
        new SubmissionStore(database, new MetricRegistry()).count(),
        new BlobStore(database, new MetricRegistry()).count());
  }

  private static String fileNamed(String name) {
    return fileNamed(name, "print(1)");
  }

  private static String fileNamed(String name, String content) {
    return "{\"problem\": \"sum\", \"language\": \"python3\", \"files\": [{\"name\": \""
        + name
        + "\", \"content\": \""
        + content
        + "\"}]}";
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
}
