package dev.verdict.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.api.problem.RunningApi.Answer;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Problems managed over the API: created from zip packages, versioned, shown and hidden. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemApiIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final String PROBLEMS = "/api/v1/problems";
  private static final int MAX_PACKAGE_BYTES = 1 << 20;

  private RunningApi api;

  @BeforeAll
  void start() {
    api = RunningApi.start(services, "problems.maxPackageBytes=" + MAX_PACKAGE_BYTES);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
  }

  /** A package with a statement, one sample and one secret test. */
  private static TestZips aPackage(String top, String secretAnswer) {
    return new TestZips()
        .add(top + "problem.yaml", "name: Hello\nlimits: {time_limit: 1.5, memory: 128}\n")
        .add(top + "problem_statement/problem.en.md", "# Hello\n\nPrint the sum.\n")
        .add(top + "problem_statement/problem.en.html", "<h1>Hello</h1>\n")
        .add(top + "data/sample/1.in", "1 2\n")
        .add(top + "data/sample/1.ans", "3\n")
        .add(top + "data/secret/01.in", "5 6\n")
        .add(top + "data/secret/01.ans", secretAnswer);
  }

  private Answer create(String id) {
    Answer created = api.postZip(PROBLEMS, aPackage(id + "/", "11\n").bytes());
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created;
  }

  private Answer submit(String problem) {
    return api.postJson(
        "/api/v1/submissions",
        "{\"problem\": \""
            + problem
            + "\", \"language\": \"python3\", \"files\": [{\"name\": \"main.py\", \"content\":"
            + " \"print(3)\"}]}");
  }

  @Test
  void a_zip_package_creates_a_problem_named_after_its_top_folder() {
    Answer created = create("hello");

    assertThat(created.headers().firstValue("Location")).contains(PROBLEMS + "/hello");
    JsonNode summary = created.body();
    assertThat(summary.get("id").asText()).isEqualTo("hello");
    assertThat(summary.get("version").asText()).matches("[0-9a-f]{16}");
    assertThat(summary.get("tests").asInt()).isEqualTo(2);
    assertThat(summary.get("timeLimitMs").asLong()).isEqualTo(1_500);
    assertThat(summary.get("memoryMb").asInt()).isEqualTo(128);
    assertThat(summary.get("type").asText()).isEqualTo("pass-fail");
    assertThat(ids(api.get(PROBLEMS))).contains("hello");
  }

  @Test
  void a_multipart_upload_names_its_problem_with_the_id_parameter() {
    Answer created =
        api.postMultipart(PROBLEMS + "?id=flat", "package", aPackage("", "11\n").bytes());

    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(created.body().get("id").asText()).isEqualTo("flat");
  }

  @Test
  void a_zip_without_a_top_folder_and_without_an_id_is_refused_naming_id() {
    Map<String, Long> before = api.stored();

    Answer refused = api.postZip(PROBLEMS, aPackage("", "11\n").bytes());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("id");
    assertThat(api.stored()).isEqualTo(before);
  }

  @Test
  void an_id_that_no_problem_may_have_is_refused_naming_id() {
    Answer refused = api.postZip(PROBLEMS + "?id=Not%20An%20Id", aPackage("x/", "1\n").bytes());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("id");
  }

  @Test
  void creating_a_problem_that_exists_is_refused_with_409_naming_id() {
    create("taken");

    Answer again = api.postZip(PROBLEMS, aPackage("taken/", "12\n").bytes());

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.field()).isEqualTo("id");
    assertThat(again.error()).contains("PUT /api/v1/problems/taken");
  }

  @Test
  void a_problem_shows_a_submitter_its_statement_limits_type_and_samples_but_no_secret_data() {
    create("shown");

    Answer shown = api.getAs(api.submitter(), PROBLEMS + "/shown");

    assertThat(shown.status()).isEqualTo(200);
    JsonNode problem = shown.body();
    assertThat(problem.get("name").asText()).isEqualTo("Hello");
    assertThat(problem.get("timeLimitMs").asLong()).isEqualTo(1_500);
    assertThat(problem.get("memoryMb").asInt()).isEqualTo(128);
    assertThat(problem.get("type").asText()).isEqualTo("pass-fail");
    assertThat(problem.at("/statement/markdown").asText()).isEqualTo("# Hello\n\nPrint the sum.\n");
    assertThat(problem.at("/statement/html").asText()).isEqualTo("<h1>Hello</h1>\n");
    assertThat(problem.at("/samples/0/name").asText()).isEqualTo("sample/1");
    assertThat(problem.at("/samples/0/input").asText()).isEqualTo("1 2\n");
    assertThat(problem.at("/samples/0/answer").asText()).isEqualTo("3\n");
    assertThat(problem.has("secretTests")).isFalse();
    assertThat(problem.toString()).doesNotContain("5 6").doesNotContain("11\\n");
  }

  @Test
  void staff_see_a_problems_secret_tests() {
    create("secrets");

    Answer shown = api.getAs(api.staff(), PROBLEMS + "/secrets");

    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body().toString()).contains("5 6");
  }

  @Test
  void a_submitter_may_not_create_change_hide_or_list_versions_of_a_problem() {
    create("guarded");
    byte[] zip = aPackage("other/", "11\n").bytes();

    Answer created =
        api.sendAs(
            api.submitter(), "POST", PROBLEMS, "application/zip", BodyPublishers.ofByteArray(zip));
    Answer changed =
        api.sendAs(
            api.submitter(),
            "PUT",
            PROBLEMS + "/guarded",
            "application/zip",
            BodyPublishers.ofByteArray(aPackage("guarded/", "11\n").bytes()));
    Answer hidden =
        api.sendAs(api.submitter(), "DELETE", PROBLEMS + "/guarded", null, BodyPublishers.noBody());
    Answer versions = api.getAs(api.submitter(), PROBLEMS + "/guarded/versions");

    assertThat(List.of(created, changed, hidden, versions))
        .extracting(Answer::status)
        .containsOnly(403);
    assertThat(api.get(PROBLEMS + "/other").status()).isEqualTo(404);
    assertThat(api.getAs(api.submitter(), PROBLEMS + "/guarded").status()).isEqualTo(200);
  }

  @Test
  void managing_problems_without_a_token_is_a_401() {
    Answer anonymous =
        api.sendAs(
            "not-a-token",
            "POST",
            PROBLEMS,
            "application/zip",
            BodyPublishers.ofByteArray(aPackage("anon/", "11\n").bytes()));

    assertThat(anonymous.status()).isEqualTo(401);
  }

  @Test
  void an_unknown_problem_is_a_json_404_naming_id() {
    Answer missing = api.get(PROBLEMS + "/no-such-problem");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.field()).isEqualTo("id");
  }

  @Test
  void a_new_version_serves_new_submissions_while_earlier_ones_keep_theirs() {
    String v1 = create("versioned").body().get("version").asText();
    Answer first = submit("versioned");

    Answer put = api.putZip(PROBLEMS + "/versioned", aPackage("any-name/", "12\n").bytes());
    Answer second = submit("versioned");

    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
    String v2 = put.body().get("version").asText();
    assertThat(v2).isNotEqualTo(v1);
    assertThat(first.status()).isEqualTo(202);
    assertThat(second.status()).isEqualTo(202);
    assertThat(problemVersionOf(first)).isEqualTo(v1);
    assertThat(problemVersionOf(second)).isEqualTo(v2);
    JsonNode versions = api.get(PROBLEMS + "/versioned/versions").body();
    assertThat(versions.get("currentVersion").asText()).isEqualTo(v2);
    assertThat(versions.at("/versions/0/version").asText()).isEqualTo(v1);
    assertThat(versions.at("/versions/0/current").asBoolean()).isFalse();
    assertThat(versions.at("/versions/1/version").asText()).isEqualTo(v2);
    assertThat(versions.at("/versions/1/current").asBoolean()).isTrue();
  }

  @Test
  void a_new_version_of_an_unknown_problem_is_404_naming_id() {
    Answer missing = api.putZip(PROBLEMS + "/nobody", aPackage("nobody/", "1\n").bytes());

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.field()).isEqualTo("id");
  }

  @Test
  void a_deleted_problem_takes_no_new_submissions_and_is_not_shown_but_keeps_its_history() {
    String version = create("retired").body().get("version").asText();
    Answer before = submit("retired");

    Answer deleted = api.delete(PROBLEMS + "/retired");

    assertThat(deleted.status()).isEqualTo(204);
    Answer refused = submit("retired");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("problem");
    assertThat(ids(api.get(PROBLEMS))).doesNotContain("retired");
    assertThat(api.get(PROBLEMS + "/retired").status()).isEqualTo(404);
    JsonNode versions = api.get(PROBLEMS + "/retired/versions").body();
    assertThat(versions.get("hidden").asBoolean()).isTrue();
    assertThat(versions.at("/versions/0/version").asText()).isEqualTo(version);
    assertThat(api.get("/api/v1/submissions/" + before.body().get("id").asText()).status())
        .isEqualTo(200);
    assertThat(problemVersionOf(before)).isEqualTo(version);
  }

  @Test
  void a_new_version_of_a_deleted_problem_brings_it_back() {
    create("revived");
    api.delete(PROBLEMS + "/revived");

    Answer put = api.putZip(PROBLEMS + "/revived", aPackage("revived/", "13\n").bytes());

    assertThat(put.status()).isEqualTo(200);
    assertThat(ids(api.get(PROBLEMS))).contains("revived");
    assertThat(submit("revived").status()).isEqualTo(202);
  }

  @Test
  void deleting_an_unknown_problem_is_404_naming_id() {
    Answer missing = api.delete(PROBLEMS + "/never-was");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.field()).isEqualTo("id");
  }

  @Test
  void an_upload_over_max_package_bytes_is_413_whether_its_length_is_given_or_it_is_chunked() {
    byte[] big = new TestZips().add("big/data/secret/1.in", random(MAX_PACKAGE_BYTES + 1)).bytes();
    Map<String, Long> before = api.stored();

    Answer sized = api.postZip(PROBLEMS, big);
    Answer chunked = api.postZipChunked(PROBLEMS, big);
    Answer multipart = api.postMultipart(PROBLEMS, "package", big);

    assertThat(sized.status()).isEqualTo(413);
    assertThat(sized.field()).isEqualTo("package");
    assertThat(sized.error()).contains("problems.maxPackageBytes");
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.field()).isEqualTo("package");
    assertThat(multipart.status()).isEqualTo(413);
    assertThat(api.stored()).isEqualTo(before);
  }

  @Test
  void an_upload_that_is_neither_a_zip_nor_multipart_is_415_naming_the_content_type() {
    Answer refused = api.postJson(PROBLEMS, "{\"id\": \"json\"}");

    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.field()).isEqualTo("Content-Type");
  }

  @Test
  void a_multipart_upload_without_the_package_field_is_refused_naming_it() {
    Answer refused = api.postMultipart(PROBLEMS, "file", aPackage("x/", "1\n").bytes());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("package");
  }

  @Test
  void an_empty_upload_is_refused_naming_package() {
    Answer refused = api.send("POST", PROBLEMS, "application/zip", BodyPublishers.noBody());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("package");
  }

  private String problemVersionOf(Answer accepted) {
    return new SubmissionStore(api.database(), new MetricRegistry())
        .find(accepted.body().get("id").asText())
        .orElseThrow()
        .problemVersion();
  }

  private static java.util.List<String> ids(Answer list) {
    return StreamSupport.stream(list.body().spliterator(), false)
        .map(problem -> problem.get("id").asText())
        .toList();
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
