package dev.verdict.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.codec.Json;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.config.ProblemsConfig;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.testing.MongoExtension;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/problems/{id}} on a real port shows secret tests only when the caller's
 * decision says the request may see secret data; here a query parameter stands in for it.
 */
class ProblemDetailsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private Javalin app;

  @BeforeEach
  void start() throws IOException {
    MongoDatabase database = mongo.database();
    BlobStore blobs = new BlobStore(database, new MetricRegistry());
    ProblemStore store = new ProblemStore(database, new MetricRegistry());
    Path dir = root.resolve("told");
    write(dir, "problem.yaml", "name: Told\n");
    write(dir, "data/sample/1.in", "1 2\n");
    write(dir, "data/sample/1.ans", "3\n");
    write(dir, "data/secret/01.in", "5 6\n");
    write(dir, "data/secret/01.ans", "11\n");
    new ProblemPackageLoader(blobs, store).load(dir);
    Path guess = root.resolve("guess");
    write(guess, "problem.yaml", "name: Guess\nvalidation: custom interactive\n");
    write(guess, "output_validators/talk/validate.py", "import sys\nsys.exit(42)\n");
    write(guess, "data/sample/1.in", "731\n");
    write(guess, "data/sample/1.ans", "731\n");
    write(guess, "data/sample/1.interaction", ">500\n<higher\n>731\n<correct\n");
    write(guess, "data/sample/2.interaction", ">500\n<correct\n");
    write(guess, "data/secret/01.in", "17\n");
    write(guess, "data/secret/01.ans", "17\n");
    new ProblemPackageLoader(blobs, store).load(guess);
    Path picky = root.resolve("picky");
    write(
        picky,
        "problem.yaml",
        "problem_format_version: 2023-07-draft\nname: Picky\nlanguages: [python3, c]\n"
            + "allow_file_writing: true\n");
    write(picky, "data/sample/1.in", "1 2\n");
    write(picky, "data/sample/1.ans", "3\n");
    new ProblemPackageLoader(blobs, store).load(picky);
    ProblemsConfig shownThreeBytes = new ProblemsConfig(null, null, null, null, null, 3, null);
    app = Javalin.create(config -> config.jsonMapper(new JavalinJackson(Json.mapper(), true)));
    new ProblemRoutes(
            new CurrentProblems(store, 60_000),
            blobs,
            LimitsConfig.defaults(),
            shownThreeBytes,
            ctx -> "staff".equals(ctx.header("X-Test-Role")))
        .register(app);
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void secret_tests_are_shown_only_to_a_caller_who_may_see_secret_data() throws Exception {
    JsonNode staff = getAs("/api/v1/problems/told", "staff");
    JsonNode submitter = get("/api/v1/problems/told");

    assertThat(staff.at("/secretTests/0/name").asText()).isEqualTo("secret/01");
    assertThat(staff.at("/secretTests/0/input").asText()).isEqualTo("5 6");
    assertThat(staff.at("/secretTests/0/answer").asText()).isEqualTo("11\n");
    assertThat(submitter.has("secretTests")).isFalse();
    assertThat(submitter.at("/samples/0/name").asText()).isEqualTo("sample/1");
  }

  @Test
  void test_data_longer_than_shown_test_bytes_is_cut_and_marked_truncated() throws Exception {
    JsonNode sample = get("/api/v1/problems/told").at("/samples/0");

    assertThat(sample.get("input").asText()).isEqualTo("1 2");
    assertThat(sample.get("inputBytes").asLong()).isEqualTo(4);
    assertThat(sample.get("answer").asText()).isEqualTo("3\n");
    assertThat(sample.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void an_interactive_problem_shows_submitters_its_interaction_files_instead_of_its_samples()
      throws Exception {
    JsonNode submitter = get("/api/v1/problems/guess");
    JsonNode staff = getAs("/api/v1/problems/guess", "staff");

    assertThat(submitter.get("samples")).isEmpty();
    assertThat(submitter.at("/interactions/0/name").asText()).isEqualTo("sample/1");
    // shownTestBytes is 3 here: the text is cut and says so
    assertThat(submitter.at("/interactions/0/text").asText()).isEqualTo(">50");
    assertThat(submitter.at("/interactions/0/bytes").asLong()).isEqualTo(27);
    assertThat(submitter.at("/interactions/0/truncated").asBoolean()).isTrue();
    assertThat(submitter.at("/interactions/1/name").asText()).isEqualTo("sample/2");
    assertThat(staff.at("/samples/0/name").asText()).isEqualTo("sample/1");
    assertThat(staff.get("interactions")).hasSize(2);
  }

  @Test
  void a_problem_says_which_languages_it_takes_and_whether_runs_may_write_files() throws Exception {
    JsonNode picky = get("/api/v1/problems/picky");
    JsonNode told = get("/api/v1/problems/told");

    assertThat(picky.get("languages")).hasSize(2);
    assertThat(picky.at("/languages/0").asText()).isEqualTo("python3");
    assertThat(picky.get("allowFileWriting").asBoolean()).isTrue();
    assertThat(picky.get("interactions")).isEmpty();
    assertThat(told.has("languages")).isFalse();
    // a legacy package: problemtools lets its runs write their working directory
    assertThat(told.get("allowFileWriting").asBoolean()).isTrue();
  }

  private JsonNode get(String path) throws Exception {
    return getAs(path, "submitter");
  }

  private JsonNode getAs(String path, String role) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .header("X-Test-Role", role)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void write(Path dir, String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
