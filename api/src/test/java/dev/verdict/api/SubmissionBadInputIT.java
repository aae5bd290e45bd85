package dev.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad submission, of a problem or an ad-hoc run, gets a 400 (413 for an ad-hoc test
 * over its size cap) with a JSON body naming the field, and leaves nothing behind: no file in
 * GridFS, no submission in MongoDB, no message in RabbitMQ, no status in Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionBadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOOD_FILE = "{\"name\": \"main.py\", \"content\": \"print(1)\"}";

  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private ApiServer api;
  private VerdictConfig config;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    config =
        services.config(
            "api.port=0",
            "api.access.submitterPerMinute=0",
            "api.problemsDir="
                + Path.of("..", "examples", "problems").toAbsolutePath().normalize());
    api = ApiServer.start(config, Metrics.of("verdict-api-it"));
    token =
        new TokenStore(services.mongo().database(), new MetricRegistry())
            .create("bad-input-it", Role.SUBMITTER, null, System.currentTimeMillis())
            .token();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  static Stream<Arguments> badRequests() {
    String big = "x".repeat(256 * 1024 + 1);
    String nearlyBig = "x".repeat(250 * 1024);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add("{\"name\": \"f" + i + ".py\", \"content\": \"pass\"}");
    }
    List<String> heavy = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      heavy.add("{\"name\": \"f" + i + ".py\", \"content\": \"" + nearlyBig + "\"}");
    }
    return Stream.of(
        Arguments.of("unknown language", body("sum", "cobol", GOOD_FILE), "language"),
        Arguments.of("unknown problem", body("no-such-problem", "python3", GOOD_FILE), "problem"),
        Arguments.of(
            "a language the problem does not take",
            body("scratchfile", "javascript", "{\"name\": \"main.js\", \"content\": \"1\"}"),
            "language"),
        Arguments.of(
            "no files field", "{\"problem\": \"sum\", \"language\": \"python3\"}", "files"),
        Arguments.of("empty file list", body("sum", "python3", ""), "files"),
        Arguments.of(
            "empty file",
            body("sum", "python3", "{\"name\": \"main.py\", \"content\": \"\"}"),
            "files[0].content"),
        Arguments.of(
            "oversized file",
            body("sum", "python3", "{\"name\": \"main.py\", \"content\": \"" + big + "\"}"),
            "files[0].content"),
        Arguments.of(
            "oversized submission", body("sum", "python3", String.join(",", heavy)), "files"),
        Arguments.of("more than 20 files", body("sum", "python3", String.join(",", many)), "files"),
        Arguments.of("parent directory name", fileNamed("../x"), "files[0].name"),
        Arguments.of("absolute path name", fileNamed("/etc/x"), "files[0].name"),
        Arguments.of("nested path name", fileNamed("a/b"), "files[0].name"),
        Arguments.of("backslash name", fileNamed("a\\\\b"), "files[0].name"),
        Arguments.of("NUL in name", fileNamed("a\\u0000b"), "files[0].name"),
        Arguments.of("control character in name", fileNamed("a\\u0007b"), "files[0].name"),
        Arguments.of("empty name", fileNamed(""), "files[0].name"),
        Arguments.of(
            "duplicate names",
            body("sum", "python3", GOOD_FILE + "," + GOOD_FILE),
            "files[1].name"),
        Arguments.of("malformed JSON", "{\"problem\": \"sum\", ", "body"),
        Arguments.of("not an object", "[1, 2, 3]", "body"),
        Arguments.of("empty body", "", "body"),
        Arguments.of(
            "problem of the wrong type",
            "{\"problem\": 5, \"language\": \"python3\", \"files\": [" + GOOD_FILE + "]}",
            "problem"),
        Arguments.of(
            "missing language",
            "{\"problem\": \"sum\", \"language\": null, \"files\": [" + GOOD_FILE + "]}",
            "language"),
        Arguments.of(
            "files of the wrong type",
            "{\"problem\": \"sum\", \"language\": \"python3\", \"files\": \"main.py\"}",
            "files"),
        Arguments.of("file of the wrong type", body("sum", "python3", "\"main.py\""), "files[0]"),
        Arguments.of(
            "content of the wrong type",
            body("sum", "python3", "{\"name\": \"main.py\", \"content\": 7}"),
            "files[0].content"),
        Arguments.of("ad-hoc tests of the wrong type", adhoc("\"tests\": \"1 2\""), "tests"),
        Arguments.of("an empty list of ad-hoc tests", adhoc("\"tests\": []"), "tests"),
        Arguments.of("51 ad-hoc tests", adhoc("\"tests\": [" + fiftyOneTests() + "]"), "tests"),
        Arguments.of(
            "an ad-hoc test input of the wrong type",
            adhoc("\"tests\": [{\"input\": \"\"}, {\"input\": \"1\"}, {\"input\": 5}]"),
            "tests[2].input"),
        Arguments.of(
            "an ad-hoc test without input",
            adhoc("\"tests\": [{\"expectedOutput\": \"3\"}]"),
            "tests[0].input"),
        Arguments.of(
            "an unknown field of an ad-hoc test",
            adhoc("\"tests\": [{\"input\": \"\", \"answer\": \"3\"}]"),
            "tests[0].answer"),
        Arguments.of(
            "an expected output of the wrong type",
            adhoc("\"tests\": [{\"input\": \"\", \"expectedOutput\": [3]}]"),
            "tests[0].expectedOutput"),
        Arguments.of(
            "tests with a problem",
            adhoc("\"problem\": \"sum\", \"tests\": [{\"input\": \"\"}]"),
            "tests"),
        Arguments.of(
            "stdin with tests", adhoc("\"stdin\": \"\", \"tests\": [{\"input\": \"\"}]"), "stdin"),
        Arguments.of("stdin of the wrong type", adhoc("\"stdin\": 12"), "stdin"),
        Arguments.of(
            "an expected output without stdin",
            body("sum", "python3", GOOD_FILE).replace("{", "{\"expectedOutput\": \"3\", "),
            "expectedOutput"),
        Arguments.of(
            "a time limit over the maximum",
            adhoc("\"stdin\": \"\", \"limits\": {\"timeLimitMs\": 10001}"),
            "limits.timeLimitMs"),
        Arguments.of(
            "a memory limit of 0",
            adhoc("\"stdin\": \"\", \"limits\": {\"memoryMb\": 0}"),
            "limits.memoryMb"),
        Arguments.of(
            "a fractional time limit",
            adhoc("\"stdin\": \"\", \"limits\": {\"timeLimitMs\": 1.5}"),
            "limits.timeLimitMs"),
        Arguments.of(
            "an unknown limit", adhoc("\"stdin\": \"\", \"limits\": {\"cpu\": 1}"), "limits.cpu"),
        Arguments.of("limits of the wrong type", adhoc("\"stdin\": \"\", \"limits\": 5"), "limits"),
        Arguments.of(
            "limits with a problem",
            body("sum", "python3", GOOD_FILE).replace("{", "{\"limits\": {\"memoryMb\": 64}, "),
            "limits"),
        Arguments.of(
            "an ad-hoc run in an unknown language",
            adhoc("\"stdin\": \"\"").replace("python3", "cobol"),
            "language"),
        Arguments.of("no source file of the language", fileNamed("notes.txt"), "files"),
        Arguments.of(
            "two programs and no entry point",
            body("sum", "python3", pythonFile("a.py") + "," + pythonFile("b.py")),
            "entryPoint"),
        Arguments.of(
            "an entry point naming no submitted file",
            withEntryPoint(body("sum", "python3", GOOD_FILE), "\"solve.py\""),
            "entryPoint"),
        Arguments.of(
            "an entry point of the wrong type",
            withEntryPoint(body("sum", "python3", GOOD_FILE), "3"),
            "entryPoint"),
        Arguments.of(
            "an entry point that is a path",
            withEntryPoint(body("sum", "python3", GOOD_FILE), "\"../main.py\""),
            "entryPoint"));
  }

  private static String pythonFile(String name) {
    return "{\"name\": \"" + name + "\", \"content\": \"print(1)\"}";
  }

  private static String withEntryPoint(String body, String entryPointJson) {
    return body.substring(0, body.length() - 1) + ", \"entryPoint\": " + entryPointJson + "}";
  }

  /** An ad-hoc run of a good Python file with {@code fields} added. */
  private static String adhoc(String fields) {
    return "{\"language\": \"python3\", \"files\": [" + GOOD_FILE + "], " + fields + "}";
  }

  private static String fiftyOneTests() {
    List<String> tests = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      tests.add("{\"input\": \"" + i + "\"}");
    }
    return String.join(",", tests);
  }

  private static String body(String problem, String language, String files) {
    return "{\"problem\": \""
        + problem
        + "\", \"language\": \""
        + language
        + "\", \"files\": ["
        + files
        + "]}";
  }

  private static String fileNamed(String name) {
    return body("sum", "python3", "{\"name\": \"" + name + "\", \"content\": \"print(1)\"}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void a_bad_submission_is_refused_with_the_field_named_and_nothing_stored(
      String why, String requestBody, String field) throws Exception {
    Counts before = counts();

    HttpResponse<String> response = post(requestBody);

    assertThat(response.statusCode()).as(why).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("error").asText()).isNotBlank();
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void a_body_over_the_request_size_limit_is_refused_with_json_and_nothing_stored()
      throws Exception {
    Counts before = counts();

    HttpResponse<String> response = post("{\"x\": \"" + "y".repeat(8 * 1024 * 1024) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isNotBlank();
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void an_adhoc_test_over_its_size_cap_is_a_413_naming_it_and_nothing_is_stored() throws Exception {
    Counts before = counts();
    String mebibyte = "x".repeat(1024 * 1024);
    String big = "{\"input\": \"\"}, {\"input\": \"1\", \"expectedOutput\": \"" + mebibyte + "y\"}";
    String heavy = String.join(",", Collections.nCopies(5, "{\"input\": \"" + mebibyte + "\"}"));

    HttpResponse<String> one = post(adhoc("\"tests\": [" + big + "]"));
    HttpResponse<String> all = post(adhoc("\"tests\": [" + heavy + "]"));
    HttpResponse<String> stdin = post(adhoc("\"stdin\": \"" + mebibyte + "z\""));

    assertThat(one.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(one.body()).get("field").asText())
        .isEqualTo("tests[1].expectedOutput");
    assertThat(JSON.readTree(one.body()).get("error").asText()).contains("api.adhoc.maxTestBytes");
    assertThat(all.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(all.body()).get("field").asText()).isEqualTo("tests");
    assertThat(stdin.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(stdin.body()).get("field").asText()).isEqualTo("stdin");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void after_bad_requests_a_good_one_is_accepted_and_stored_everywhere() throws Exception {
    Counts before = counts();

    HttpResponse<String> response = post(body("sum", "python3", GOOD_FILE));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode accepted = JSON.readTree(response.body());
    assertThat(accepted.get("status").asText()).isEqualTo("QUEUED");
    Counts after = counts();
    assertThat(after.submissions()).isEqualTo(before.submissions() + 1);
    assertThat(after.queued()).isEqualTo(before.queued() + 1);
    assertThat(after.statuses()).isEqualTo(before.statuses() + 1);
    assertThat(after.blobs()).isGreaterThanOrEqualTo(before.blobs());
  }

  @Test
  void several_files_with_a_named_entry_point_and_a_data_file_are_accepted() throws Exception {
    HttpResponse<String> response =
        post(
            withEntryPoint(
                body(
                    "sum",
                    "python3",
                    pythonFile("a.py")
                        + ","
                        + pythonFile("b.py")
                        + ",{\"name\": \"data.txt\", \"content\": \"1 2\"}"),
                "\"b\""));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  @Test
  void an_unknown_submission_is_a_json_404() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + api.port()
                            + "/api/v1/submissions/01a2ffff-0000-7000-8000-000000000000"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("field").asText()).isEqualTo("id");
  }

  private record Counts(long blobs, long submissions, long queued, long statuses) {}

  private Counts counts() throws Exception {
    var database = services.mongo().database();
    long blobs = new BlobStore(database, new MetricRegistry()).count();
    long submissions = new SubmissionStore(database, new MetricRegistry()).count();
    long queued;
    try (Channel channel = services.rabbit().channel()) {
      // why: an ad-hoc run with one test is queued as its task (api.adhoc.directTasks).
      queued =
          channel.messageCount(services.rabbit().topology().submissionsQueue())
              + channel.messageCount(services.rabbit().topology().tasksQueue());
    }
    long statuses = services.redis().client().keys(config.namespace() + ":sub:*").size();
    return new Counts(blobs, submissions, queued, statuses);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/submissions"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
