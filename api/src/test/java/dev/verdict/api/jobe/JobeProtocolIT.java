package dev.verdict.api.jobe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobe's protocol as its clients see it, every case that needs no grader: the languages, the file
 * cache, the keys, and each refusal of a run with Jobe's status and body (a JSON string), as Jobe's
 * own test client checks them.
 */
class JobeProtocolIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final String BASE = "/jobe/index.php/restapi/";
  private static RunningApi api;
  private static String key;

  @BeforeAll
  static void start() {
    api = RunningApi.start(services);
    key = api.token("coderunner", Role.STAFF);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void languages_lists_jobe_ids_with_versions() throws Exception {
    HttpResponse<String> languages = send("GET", "languages", null, key);

    assertThat(languages.statusCode()).isEqualTo(200);
    assertThat(languages.body())
        .contains("[\"c\",\"")
        .contains("[\"cpp\",\"")
        .contains("[\"python3\",\"")
        .contains("[\"java\",\"")
        .contains("[\"nodejs\",\"")
        .doesNotContain("javascript")
        .doesNotContain("bash");
    // why: every language of the default configuration is installed where the suite runs, so each
    // has a version (Node.js's is its interpreter's, not that of the shell its syntax check runs
    // in).
    assertThat(languages.body()).matches("\\[(\\[\"[a-z0-9]+\",\"[0-9]+(\\.[0-9]+)+\"\\],?)+\\]");
    assertThat(send("GET", "languages/", null, key).body()).isEqualTo(languages.body());
  }

  @Test
  void a_request_without_a_key_or_with_an_unknown_one_is_403() throws Exception {
    HttpResponse<String> missing = send("GET", "languages", null, null);
    HttpResponse<String> unknown = send("GET", "languages", null, "2AAA7A5415B4A9B394B54BF1D2E9D");
    HttpResponse<String> missingOnRun = send("POST", "runs", run("python3", "print(1)"), null);

    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(missing.body()).isEqualTo("\"Missing API key\"");
    assertThat(unknown.statusCode()).isEqualTo(403);
    assertThat(unknown.body()).isEqualTo("\"Unknown API key\"");
    assertThat(missingOnRun.statusCode()).isEqualTo(403);
  }

  @Test
  void a_file_put_is_found_by_head_and_an_unknown_one_is_not() throws Exception {
    String contents = Base64.getEncoder().encodeToString("The first file\nLine 2".getBytes());

    HttpResponse<String> put =
        send("PUT", "files/randomid0129798", "{\"file_contents\": \"" + contents + "\"}", key);

    assertThat(put.statusCode()).isEqualTo(204);
    assertThat(put.body()).isEmpty();
    assertThat(send("HEAD", "files/randomid0129798", null, key).statusCode()).isEqualTo(204);
    assertThat(send("HEAD", "files/nosuchfileid", null, key).statusCode()).isEqualTo(404);
  }

  @Test
  void a_bad_file_put_is_400_with_jobes_message() throws Exception {
    HttpResponse<String> missing = send("PUT", "files/abcdefgh12", "{\"contents\": \"eA==\"}", key);
    HttpResponse<String> notBase64 =
        send("PUT", "files/abcdefgh12", "{\"file_contents\": \"not*base64\"}", key);
    HttpResponse<String> notJson = send("PUT", "files/abcdefgh12", "file_contents=eA==", key);
    HttpResponse<String> badId = send("PUT", "files/abc.def", "{\"file_contents\": \"eA==\"}", key);

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo("\"put: missing file_contents parameter\"");
    assertThat(notBase64.statusCode()).isEqualTo(400);
    assertThat(notBase64.body())
        .isEqualTo("\"put: contents of file abcdefgh12 are not valid base-64\"");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("\"put: missing file_contents parameter");
    assertThat(badId.statusCode()).isEqualTo(404);
    assertThat(send("HEAD", "files/abcdefgh12", null, key).statusCode()).isEqualTo(404);
  }

  @Test
  void a_run_spec_without_language_or_source_is_400_with_jobes_message() throws Exception {
    HttpResponse<String> noLanguage =
        send("POST", "runs/", "{\"run_spec\": {\"sourcecode\": \"print(1)\"}}", key);
    HttpResponse<String> noSource =
        send("POST", "runs/", "{\"run_spec\": {\"language_id\": \"python3\"}}", key);
    HttpResponse<String> noSpec = send("POST", "runs", "{\"runspec\": {}}", key);
    HttpResponse<String> notJson = send("POST", "runs", "run_spec=1", key);

    assertThat(noLanguage.statusCode()).isEqualTo(400);
    assertThat(noLanguage.body())
        .isEqualTo("\"run_spec is missing the required attribute 'language_id'\"");
    assertThat(noSource.statusCode()).isEqualTo(400);
    assertThat(noSource.body())
        .isEqualTo("\"run_spec is missing the required attribute 'sourcecode'\"");
    assertThat(noSpec.statusCode()).isEqualTo(400);
    assertThat(noSpec.body()).isEqualTo("\"No run_spec attribute found in post data\"");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("\"Non-JSON post data received");
  }

  @Test
  void an_unknown_language_is_400_with_jobes_message() throws Exception {
    HttpResponse<String> unknown = send("POST", "runs/", run("nosuchlanguage", "print(1)"), key);
    HttpResponse<String> verdictsOwnName =
        send("POST", "runs/", run("javascript", "console.log(1)"), key);

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).isEqualTo("\"Language 'nosuchlanguage' is not known\"");
    assertThat(verdictsOwnName.statusCode()).isEqualTo(400);
  }

  @Test
  void a_cputime_over_the_maximum_is_400_with_jobes_message() throws Exception {
    HttpResponse<String> tooLong =
        send(
            "POST",
            "runs/",
            "{\"run_spec\": {\"language_id\": \"c\", \"sourcecode\": \"int main(){}\","
                + " \"sourcefilename\": \"test.c\", \"parameters\": {\"cputime\": 151}}}",
            key);

    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body())
        .isEqualTo("\"cputime exceeds maximum allowed on this Jobe server (50 secs)\"");
  }

  @Test
  void bad_parameters_are_400_naming_the_parameter() throws Exception {
    HttpResponse<String> notNumber =
        send("POST", "runs", withParameters("{\"memorylimit\": [1]}"), key);
    HttpResponse<String> notList =
        send("POST", "runs", withParameters("{\"runargs\": \"a b\"}"), key);
    HttpResponse<String> unclosed =
        send("POST", "runs", withParameters("{\"interpreterargs\": [\"-c 'x\"]}"), key);

    assertThat(notNumber.statusCode()).isEqualTo(400);
    assertThat(notNumber.body()).contains("run_spec.parameters.memorylimit");
    assertThat(notList.statusCode()).isEqualTo(400);
    assertThat(notList.body()).contains("run_spec.parameters.runargs");
    assertThat(unclosed.statusCode()).isEqualTo(400);
    assertThat(unclosed.body()).contains("run_spec.parameters.interpreterargs[0]");
  }

  @Test
  void an_illegal_source_file_name_or_file_specifier_is_400_with_jobes_message() throws Exception {
    HttpResponse<String> badName =
        send(
            "POST",
            "runs",
            "{\"run_spec\": {\"language_id\": \"python3\", \"sourcecode\": \"print(1)\","
                + " \"sourcefilename\": \"../etc/passwd\"}}",
            key);
    HttpResponse<String> badFile =
        send(
            "POST",
            "runs",
            "{\"run_spec\": {\"language_id\": \"python3\", \"sourcecode\": \"print(1)\","
                + " \"file_list\": [[\"short\", \"file1\"]]}}",
            key);

    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).isEqualTo("\"The sourcefilename for the run_spec is illegal\"");
    assertThat(badFile.statusCode()).isEqualTo(400);
    assertThat(badFile.body())
        .isEqualTo(
            "\"Invalid file specifier: Array\\n(\\n    [0] => short\\n    [1] => file1\\n)\\n\"");
  }

  @Test
  void a_run_needing_a_file_that_was_never_put_is_404() throws Exception {
    HttpResponse<String> missing =
        send(
            "POST",
            "runs/",
            "{\"run_spec\": {\"language_id\": \"python3\", \"sourcecode\":"
                + " \"print(open('file1').read())\", \"sourcefilename\": \"test.py\","
                + " \"file_list\": [[\"nosuchfileid\", \"file1\"]]}}",
            key);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body())
        .isEqualTo("\"One or more of the specified files is missing/unavailable\"");
  }

  @Test
  void jobes_overload_test_source_is_answered_with_outcome_21_without_a_run() throws Exception {
    HttpResponse<String> overload =
        send("POST", "runs/", run("python3", "!** TESTING OVERLOAD EXCEPTION **!"), key);

    assertThat(overload.statusCode()).isEqualTo(200);
    assertThat(overload.body()).contains("\"outcome\":21").contains("\"stdout\":\"\"");
  }

  @Test
  void the_older_endpoints_answer_as_jobe_does() throws Exception {
    HttpResponse<String> postFile = send("POST", "files", "{}", key);
    HttpResponse<String> runResults = send("GET", "runresults/abc", null, key);
    HttpResponse<String> getRun = send("GET", "runs/abc", null, key);
    HttpResponse<String> index = send("GET", "", null, key);

    assertThat(postFile.statusCode()).isEqualTo(403);
    assertThat(postFile.body()).isEqualTo("\"file_post: not implemented on this server\"");
    assertThat(runResults.statusCode()).isEqualTo(404);
    assertThat(runResults.body()).contains("runresults_get: unimplemented");
    assertThat(getRun.statusCode()).isEqualTo(200);
    assertThat(getRun.body()).isEqualTo("\"runs_get: no such run or run result discarded\"");
    assertThat(index.statusCode()).isEqualTo(404);
    assertThat(index.body()).contains("Please access this API via the runs");
  }

  @Test
  void a_run_over_the_keys_rate_is_429_with_jobes_message_and_retry_after() throws Exception {
    // why: no grader here, so a run that is admitted is answered 21 at once (queueWaitMs 0).
    try (RunningApi limited =
        RunningApi.start(
            services,
            "api.access.submitterPerMinute=1",
            "api.access.submitterBurst=1",
            "jobe.queueWaitMs=0")) {
      String student = limited.token("student-quiz", Role.SUBMITTER);
      HttpResponse<String> first =
          sendTo(limited, "POST", "runs", run("python3", "print(1)"), student);
      HttpResponse<String> second =
          sendTo(limited, "POST", "runs", run("python3", "print(2)"), student);

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).contains("\"outcome\":21");
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.body()).isEqualTo("\"Max RUN rate for this server exceeded\"");
      assertThat(second.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void every_answer_carries_jobes_cors_headers_and_a_preflight_is_answered() throws Exception {
    HttpResponse<String> preflight = send("OPTIONS", "runs", null, null);
    HttpResponse<String> refused = send("GET", "languages", null, null);

    assertThat(preflight.statusCode()).isEqualTo(200);
    for (HttpResponse<String> response : java.util.List.of(preflight, refused)) {
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
      assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
          .contains("X-API-KEY");
    }
  }

  @Test
  void the_bearer_token_api_is_unchanged_beside_the_facade() throws Exception {
    assertThat(api.get("/api/v1/languages", null).statusCode()).isEqualTo(401);
    assertThat(api.get("/api/v1/languages", key).statusCode()).isEqualTo(200);
  }

  private static String run(String language, String source) {
    return "{\"run_spec\": {\"language_id\": \""
        + language
        + "\", \"sourcecode\": \""
        + source.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}}";
  }

  private static String withParameters(String parameters) {
    return "{\"run_spec\": {\"language_id\": \"python3\", \"sourcecode\": \"print(1)\","
        + " \"parameters\": "
        + parameters
        + "}}";
  }

  static HttpResponse<String> send(String method, String path, String body, String apiKey)
      throws IOException {
    return sendTo(api, method, path, body, apiKey);
  }

  static HttpResponse<String> sendTo(
      RunningApi api, String method, String path, String body, String apiKey) throws IOException {
    HttpRequest.Builder request = api.request(BASE + path, null);
    request.header("Content-Type", "application/json; charset=utf-8");
    if (apiKey != null) {
      request.header("X-API-KEY", apiKey);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return api.send(request.build());
  }
}
