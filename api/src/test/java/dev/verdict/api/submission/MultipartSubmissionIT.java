package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.Multipart;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * {@code POST /api/v1/submissions} as {@code multipart/form-data}: source files as file parts, the
 * other fields as text parts or a JSON {@code metadata} part, checked like a JSON body and stored
 * the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultipartSubmissionIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAIN =
      "from helper import add\nprint(add(*map(int, input().split())))\n";
  private static final String HELPER = "def add(a, b):\n    return a + b\n";

  private RunningApi api;
  private String token;
  private SubmissionStore submissions;
  private BlobStore blobs;

  @BeforeAll
  void start() {
    api = RunningApi.start(services, "api.access.submitterPerMinute=0");
    token = api.token("multipart-student", Role.SUBMITTER);
    submissions = new SubmissionStore(api.database(), new MetricRegistry());
    blobs = new BlobStore(api.database(), new MetricRegistry());
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void file_parts_and_text_fields_make_a_submission_with_those_files_in_order() throws Exception {
    HttpResponse<String> response =
        post(
            new Multipart()
                .field("problem", "sum")
                .field("language", "python3")
                .file("files", "main.py", MAIN)
                .file("files", "helper.py", HELPER));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Submission stored =
        submissions.find(JSON.readTree(response.body()).get("id").asText()).orElseThrow();
    assertThat(stored.problemId()).isEqualTo("sum");
    assertThat(stored.language()).isEqualTo("python3");
    assertThat(stored.files()).extracting(SourceFile::name).containsExactly("main.py", "helper.py");
    assertThat(new String(blobs.get(stored.files().get(0).sha256()), StandardCharsets.UTF_8))
        .isEqualTo(MAIN);
    assertThat(new String(blobs.get(stored.files().get(1).sha256()), StandardCharsets.UTF_8))
        .isEqualTo(HELPER);
  }

  @Test
  void a_metadata_part_carries_an_adhoc_runs_tests_and_limits() throws Exception {
    HttpResponse<String> response =
        post(
            new Multipart()
                .field(
                    "metadata",
                    "{\"language\": \"python3\", \"tests\": [{\"input\": \"1 2\\n\","
                        + " \"expectedOutput\": \"3\"}], \"limits\": {\"timeLimitMs\": 500}}")
                .file("files", "main.py", MAIN)
                .file("files", "helper.py", HELPER));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = JSON.readTree(response.body()).get("id").asText();
    JsonNode shown = JSON.readTree(api.get("/api/v1/submissions/" + id, token).body());
    assertThat(shown.get("adhoc").asBoolean()).isTrue();
    assertThat(submissions.find(id).orElseThrow().files()).hasSize(2);
  }

  static Stream<Arguments> badForms() {
    return Stream.of(
        Arguments.of("an unknown part", good().field("problm", "sum"), "problm"),
        Arguments.of(
            "a file name with a directory",
            new Multipart()
                .field("problem", "sum")
                .field("language", "python3")
                .file("files", "main.py", MAIN)
                .file("files", "../helper.py", HELPER),
            "files[1].name"),
        Arguments.of(
            "a file that is not UTF-8",
            new Multipart()
                .field("problem", "sum")
                .field("language", "python3")
                .file("files", "main.py", new byte[] {'p', (byte) 0xC0, (byte) 0xAF}),
            "files[0].content"),
        Arguments.of(
            "a files part that is no file",
            new Multipart()
                .field("problem", "sum")
                .field("language", "python3")
                .field("files", MAIN),
            "files[0]"),
        Arguments.of(
            "no file parts",
            new Multipart().field("problem", "sum").field("language", "python3"),
            "files"),
        Arguments.of(
            "a field both as a part and in metadata",
            good().field("metadata", "{\"language\": \"c\"}"),
            "language"),
        Arguments.of(
            "files both as parts and in metadata",
            good()
                .field(
                    "metadata", "{\"files\": [{\"name\": \"a.py\", \"content\": \"print(1)\"}]}"),
            "files"),
        Arguments.of("metadata that is no JSON object", good().field("metadata", "[1"), "metadata"),
        Arguments.of(
            "an ad-hoc test of the wrong type in metadata",
            new Multipart()
                .field("language", "python3")
                .field("metadata", "{\"tests\": [{\"input\": 1}]}")
                .file("files", "main.py", MAIN),
            "tests[0].input"),
        Arguments.of(
            "no language",
            new Multipart().field("problem", "sum").file("files", "main.py", MAIN),
            "language"));
  }

  private static Multipart good() {
    return new Multipart()
        .field("problem", "sum")
        .field("language", "python3")
        .file("files", "main.py", MAIN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badForms")
  void a_bad_form_is_a_400_naming_the_field_and_stores_nothing(
      String why, Multipart form, String field) throws Exception {
    long before = submissions.count();

    HttpResponse<String> response = post(form);

    assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("field").asText()).isEqualTo(field);
    assertThat(submissions.count()).isEqualTo(before);
  }

  private HttpResponse<String> post(Multipart form) throws Exception {
    return api.send(
        api.request("/api/v1/submissions", token)
            .header("Content-Type", form.contentType())
            .POST(form.publisher())
            .build());
  }
}
