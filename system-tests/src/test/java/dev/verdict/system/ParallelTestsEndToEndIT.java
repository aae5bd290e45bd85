package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.EchoProgram;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission's tests split into parts ({@code dispatcher.testChunkSize}) are graded on two slots
 * at once, through the whole system, and the result is the one the same submission gets graded
 * whole on one slot: the same tests in the same order with the same verdicts, the first failing
 * test's verdict, the same score.
 */
class ParallelTestsEndToEndIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  /** Echoes its input after a pause; "crash" exits with 3, "wrong" prints something else. */
  private static final String PROGRAM =
      """
      import sys, time
      word = input().strip()
      time.sleep(0.4)
      if word == "crash":
          sys.exit(3)
      print("nope" if word == "wrong" else word)
      """;

  /** The same in C, compiled: the parts share one compile of it. */
  private static final String PROGRAM_C = EchoProgram.c(200);

  /** Eight tests: a wrong answer at 3 (second part of two tests) and a crash at 6 (fourth). */
  private static final List<String> INPUTS =
      List.of("a", "b", "c", "wrong", "e", "f", "crash", "h");

  /** Each test's verdict, in test order, however the tests were split. */
  private static final List<String> EXPECTED =
      List.of(
          "adhoc/1 ACCEPTED",
          "adhoc/2 ACCEPTED",
          "adhoc/3 ACCEPTED",
          "adhoc/4 WRONG_ANSWER",
          "adhoc/5 ACCEPTED",
          "adhoc/6 ACCEPTED",
          "adhoc/7 RUNTIME_ERROR",
          "adhoc/8 ACCEPTED");

  @TempDir Path temp;

  @Test
  void a_split_submission_is_graded_on_two_slots_at_once_with_the_sequential_result()
      throws Exception {
    JsonNode parallel;
    Document stored;
    try (VerdictCluster cluster = cluster("dispatcher.testChunkSize=2", "split")) {
      Http student = new Http(cluster.baseUrl(), cluster.token("split-student", Role.SUBMITTER));
      String id = submit(student, "python3", "main.py", PROGRAM);
      parallel = student.awaitDone(id, Duration.ofSeconds(90));
      stored = cluster.database().getCollection("submissions").find(Filters.eq("_id", id)).first();
    }
    JsonNode sequential;
    try (VerdictCluster cluster = cluster("dispatcher.testChunkSize=0", "whole")) {
      Http student = new Http(cluster.baseUrl(), cluster.token("whole-student", Role.SUBMITTER));
      sequential =
          student.awaitDone(submit(student, "python3", "main.py", PROGRAM), Duration.ofSeconds(90));
    }

    assertThat(parallel.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    assertThat(parallel.get("verdict")).isEqualTo(sequential.get("verdict"));
    assertThat(parallel.get("score")).isEqualTo(sequential.get("score"));
    assertThat(parallel.get("maxScore")).isEqualTo(sequential.get("maxScore"));
    assertThat(verdicts(parallel))
        .containsExactlyElementsOf(EXPECTED)
        .isEqualTo(verdicts(sequential));

    List<Document> parts = stored.get("result", Document.class).getList("chunks", Document.class);
    assertThat(parts).as("parts of the stored result").hasSize(4);
    assertThat(parts.stream().map(part -> part.getInteger("first"))).containsExactly(0, 2, 4, 6);
    assertThat(overlapping(parts))
        .as("two parts graded at the same time, on two slots: %s", parts)
        .isTrue();
  }

  @Test
  void a_split_compiled_submission_is_compiled_once_and_every_part_runs_that_program()
      throws Exception {
    try (VerdictCluster cluster = cluster("dispatcher.testChunkSize=2", "c-split")) {
      Http student = new Http(cluster.baseUrl(), cluster.token("c-student", Role.SUBMITTER));
      long compilesBefore = compiles(cluster);

      JsonNode done =
          student.awaitDone(submit(student, "c", "main.c", PROGRAM_C), Duration.ofSeconds(90));

      assertThat(done.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
      assertThat(verdicts(done)).containsExactlyElementsOf(EXPECTED);
      assertThat(compiles(cluster) - compilesBefore).as("compiles of four parts").isEqualTo(1);
      assertThat(cluster.workerMetrics.counter("verdict.worker.artifact.shared").getCount())
          .as("parts that took the stored program")
          .isEqualTo(3);
      Document artifact = cluster.database().getCollection("artifacts").find().first();
      assertThat(artifact.getString("state")).isEqualTo("ready");
      assertThat(artifact.getInteger("claim")).isEqualTo(1);
    }
  }

  @Test
  void a_split_submission_that_does_not_compile_is_one_compilation_error() throws Exception {
    try (VerdictCluster cluster = cluster("dispatcher.testChunkSize=2", "c-error")) {
      Http student = new Http(cluster.baseUrl(), cluster.token("ce-student", Role.SUBMITTER));
      long compilesBefore = compiles(cluster);

      JsonNode done =
          student.awaitDone(
              submit(student, "c", "main.c", "int main(void) { return oops; }\n"),
              Duration.ofSeconds(90));

      assertThat(done.get("verdict").asText()).isEqualTo("COMPILATION_ERROR");
      assertThat(done.get("compileOutput").asText()).contains("oops");
      assertThat(done.get("tests")).isEmpty();
      assertThat(compiles(cluster) - compilesBefore).isEqualTo(1);
      assertThat(cluster.database().getCollection("artifacts").find().first().getString("state"))
          .isEqualTo("failed");
    }
  }

  private static long compiles(VerdictCluster cluster) {
    return cluster.workerMetrics.timer("verdict.worker.compile").getCount();
  }

  private VerdictCluster cluster(String chunking, String dir) throws IOException {
    // why: two slots, each holding one task at a time, so two parts can only overlap on two slots.
    return VerdictCluster.start(
        services,
        Files.createDirectory(temp.resolve(dir)),
        List.of("worker.cores=2", "worker.prefetch=1", chunking));
  }

  private static String submit(Http student, String language, String file, String program) {
    List<Map<String, Object>> tests = new ArrayList<>();
    for (String input : INPUTS) {
      tests.add(Map.of("input", input + "\n", "expectedOutput", input + "\n"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("language", language);
    body.put("files", List.of(Map.of("name", file, "content", program)));
    body.put("tests", tests);
    Http.Answer answer = student.post("/api/v1/submissions", body);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
    return answer.body().get("id").asText();
  }

  private static List<String> verdicts(JsonNode submission) {
    List<String> verdicts = new ArrayList<>();
    submission
        .get("tests")
        .forEach(t -> verdicts.add(t.get("name").asText() + " " + t.get("verdict").asText()));
    return verdicts;
  }

  /** Whether some two parts were being graded at the same moment. */
  private static boolean overlapping(List<Document> parts) {
    for (int i = 0; i < parts.size(); i++) {
      for (int j = i + 1; j < parts.size(); j++) {
        Document a = parts.get(i);
        Document b = parts.get(j);
        if (a.getLong("startedAt") < b.getLong("finishedAt")
            && b.getLong("startedAt") < a.getLong("finishedAt")) {
          return true;
        }
      }
    }
    return false;
  }
}
