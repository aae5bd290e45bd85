package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ad-hoc runs end to end: a submitter's program on tests it brings, through the API, the queue, the
 * dispatcher and a worker's sandbox, judged against the expected outputs when there are some and on
 * running alone when there are none, with the program's output shown to the submitter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdhocRunsIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private Http student;

  @BeforeAll
  void start() {
    cluster = VerdictCluster.start(services, temp, List.of());
    student = new Http(cluster.baseUrl(), cluster.token("adhoc-student", Role.SUBMITTER));
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void tests_with_expected_outputs_are_judged_accepted_or_wrong_answer() {
    String right =
        submit(
            python(
                Programs.PY_ACCEPTED,
                "tests",
                List.of(
                    Map.of("input", "1 2\n", "expectedOutput", "3\n"),
                    Map.of("input", "-5 5\n", "expectedOutput", "0"))));
    String wrong =
        submit(
            python(
                Programs.PY_ACCEPTED,
                "tests",
                List.of(
                    Map.of("input", "1 2\n", "expectedOutput", "3\n"),
                    Map.of("input", "2 2\n", "expectedOutput", "5\n"),
                    Map.of("input", "3 3\n", "expectedOutput", "6\n"))));

    JsonNode accepted = awaitDone(right);
    JsonNode rejected = awaitDone(wrong);

    assertThat(accepted.get("verdict").asText()).isEqualTo("ACCEPTED");
    assertThat(accepted.get("adhoc").asBoolean()).isTrue();
    assertThat(accepted.has("problem")).isFalse();
    assertThat(accepted.get("score").asInt()).isEqualTo(2);
    assertThat(rejected.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    assertThat(verdicts(rejected)).containsExactly("ACCEPTED", "WRONG_ANSWER", "ACCEPTED");
    assertThat(rejected.get("tests").get(1).get("name").asText()).isEqualTo("adhoc/2");
    assertThat(rejected.get("tests").get(1).get("stdout").asText()).isEqualTo("4\n");
    assertThat(rejected.get("tests").get(1).has("checkerMessage")).isTrue();
  }

  @Test
  void without_expected_output_the_verdict_is_about_running_and_the_output_is_shown() {
    String echo =
        submit(
            python(
                "import sys\nline = input()\nprint(line[::-1])\n"
                    + "print('read', len(line), file=sys.stderr)\n",
                "tests",
                List.of(Map.of("input", "hello\n"), Map.of("input", "verdict\n"))));
    String crash =
        submit(
            python(
                "print('before')\nraise SystemExit(3)\n", "tests", List.of(Map.of("input", ""))));

    JsonNode ran = awaitDone(echo);
    JsonNode crashed = awaitDone(crash);

    assertThat(ran.get("verdict").asText()).isEqualTo("ACCEPTED");
    assertThat(ran.get("tests").get(0).get("stdout").asText()).isEqualTo("olleh\n");
    assertThat(ran.get("tests").get(0).get("stderr").asText()).isEqualTo("read 5\n");
    assertThat(ran.get("tests").get(1).get("stdout").asText()).isEqualTo("tcidrev\n");
    assertThat(crashed.get("verdict").asText()).isEqualTo("RUNTIME_ERROR");
    assertThat(crashed.get("tests").get(0).get("exitCode").asInt()).isEqualTo(3);
    assertThat(crashed.get("tests").get(0).get("stdout").asText()).isEqualTo("before\n");
  }

  @Test
  void a_single_stdin_run_takes_its_limits_to_the_sandbox() {
    String ok = submit(python(Programs.PY_ACCEPTED, "stdin", "20 22\n", "expectedOutput", "42\n"));
    String slow =
        submit(
            python(
                Programs.PY_SLOW,
                "stdin",
                "",
                "limits",
                Map.of("timeLimitMs", 300, "wallTimeMs", 2000)));

    JsonNode done = awaitDone(ok);
    JsonNode stopped = awaitDone(slow);

    assertThat(done.get("verdict").asText()).isEqualTo("ACCEPTED");
    assertThat(done.get("tests")).hasSize(1);
    assertThat(done.get("tests").get(0).get("stdout").asText()).isEqualTo("42\n");
    assertThat(stopped.get("verdict").asText()).isEqualTo("TIME_LIMIT_EXCEEDED");
    assertThat(stopped.get("tests").get(0).get("cpuTimeMs").asDouble()).isLessThan(2_000);
  }

  @Test
  void limits_over_the_configured_maximum_are_refused_naming_the_limit() {
    Http.Answer answer =
        student.post(
            "/api/v1/submissions",
            python(Programs.PY_ACCEPTED, "stdin", "1 2\n", "limits", Map.of("memoryMb", 4096)));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("field").asText()).isEqualTo("limits.memoryMb");
    assertThat(answer.body().get("error").asText()).contains("api.adhoc.maxLimits.memoryMb");
  }

  private String submit(Map<String, Object> body) {
    Http.Answer answer = student.post("/api/v1/submissions", body);
    assertThat(answer.status()).as("POST %s", answer.body()).isEqualTo(202);
    return answer.body().get("id").asText();
  }

  private static List<String> verdicts(JsonNode result) {
    List<String> verdicts = new ArrayList<>();
    result.get("tests").forEach(test -> verdicts.add(test.get("verdict").asText()));
    return verdicts;
  }

  private JsonNode awaitDone(String id) {
    return student.awaitDone(id, Duration.ofSeconds(60));
  }

  /** An ad-hoc run of the Python program {@code source} with {@code fields} added. */
  private static Map<String, Object> python(String source, Object... fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("language", "python3");
    body.put("files", List.of(Map.of("name", "main.py", "content", source)));
    for (int i = 0; i < fields.length; i += 2) {
      body.put((String) fields[i], fields[i + 1]);
    }
    return body;
  }
}
