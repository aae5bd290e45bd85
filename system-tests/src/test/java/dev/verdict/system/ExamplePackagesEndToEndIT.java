package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submits, over HTTP, every example submission of every example package ({@code
 * examples/problems/<problem>/submissions/<expected>/<file or directory>}: interactive, multi-pass,
 * scoring with nested groups in both format versions, validator scores, multi-file submissions with
 * the entry points {@code submissions.yaml} names) and checks that each gets the verdict its
 * directory names and, for scoring problems, the score docs/problems.md Appendix A gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplePackagesEndToEndIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final Path EXAMPLES = Path.of("..", "examples", "problems");
  private static final Map<String, String> LANGUAGES =
      Map.of(
          ".py", "python3",
          ".c", "c",
          ".cpp", "cpp",
          ".cc", "cpp",
          ".java", "java",
          ".js", "javascript",
          ".sh", "bash");

  /**
   * Partial scores of Appendix A, and the scores rejected submissions keep (a legacy package's
   * rejected submission keeps what its groups earned, §10.3); other scoring submissions get all or
   * nothing.
   */
  private static final Map<String, Double> PARTIAL_SCORES =
      Map.ofEntries(
          Map.entry("scoringgroups/partially_accepted/loop.py", 50.0),
          Map.entry("scoringgroups/partially_accepted/formula64.c", 70.0),
          Map.entry("scoringgroups2023/partially_accepted/loop.py", 50.0),
          Map.entry("scoringgroups2023/partially_accepted/formula64.c", 70.0),
          Map.entry("customscore/partially_accepted/greedy.py", 97.967775),
          Map.entry("customscore/partially_accepted/first_fit.c", 97.313063),
          Map.entry("customscore/time_limit_exceeded/all_subsets.py", 30.0),
          Map.entry("customscore/run_time_error/small_only.c", 29.0),
          Map.entry("groupscores/wrong_answer/int32.c", 30.0),
          Map.entry("groupscores/wrong_answer/small_only.py", 10.0),
          Map.entry("groupscores/time_limit_exceeded/count_up.py", 30.0));

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private Http http;

  /**
   * One example submission: a file, or a directory whose files together are the submission (the
   * format's multi-file submissions), with the entry point {@code submissions.yaml} names, if any.
   */
  private record Example(String problem, String expected, Path file, String entryPoint) {
    String label() {
      return problem + "/" + expected + "/" + file.getFileName();
    }
  }

  private final Map<Example, String> ids = new LinkedHashMap<>();

  @BeforeAll
  void startAndSubmitEverything() throws IOException {
    cluster = VerdictCluster.start(services, temp, List.of());
    http = new Http(cluster.baseUrl(), cluster.token("examples-it-staff", Role.STAFF));
    for (Example example : examples()) {
      List<Path> parts = parts(example.file());
      List<Map<String, String>> files = new ArrayList<>();
      for (Path part : parts) {
        files.add(Map.of("name", part.getFileName().toString(), "content", Files.readString(part)));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("problem", example.problem());
      body.put("language", language(parts));
      body.put("files", files);
      if (example.entryPoint() != null) {
        body.put("entryPoint", example.entryPoint());
      }
      Http.Answer answer = http.post("/api/v1/submissions", body);
      assertThat(answer.status()).as("POST %s: %s", example.label(), answer.body()).isEqualTo(202);
      ids.put(example, answer.body().get("id").asText());
    }
  }

  /** A submission's files: the file itself, or a directory's files in name order. */
  private static List<Path> parts(Path submission) throws IOException {
    if (!Files.isDirectory(submission)) {
      return List.of(submission);
    }
    try (Stream<Path> files = Files.list(submission)) {
      return files.sorted().toList();
    }
  }

  /** The language of a submission's first file with a known source extension, or null. */
  private static String language(List<Path> files) {
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.contains(".") && LANGUAGES.containsKey(name.substring(name.lastIndexOf('.')))) {
        return LANGUAGES.get(name.substring(name.lastIndexOf('.')));
      }
    }
    return null;
  }

  /** {@code entrypoint} by submission path (below submissions/) from submissions.yaml. */
  private static Map<String, String> entryPoints(Path problem) throws IOException {
    Path yaml = problem.resolve("submissions").resolve("submissions.yaml");
    Map<String, String> entryPoints = new LinkedHashMap<>();
    if (Files.isRegularFile(yaml)) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
      root.fields()
          .forEachRemaining(
              entry -> {
                if (entry.getValue().has("entrypoint")) {
                  entryPoints.put(entry.getKey(), entry.getValue().get("entrypoint").asText());
                }
              });
    }
    return entryPoints;
  }

  private static List<Example> examples() throws IOException {
    Set<String> expectations =
        Set.of(
            "accepted",
            "partially_accepted",
            "wrong_answer",
            "time_limit_exceeded",
            "run_time_error");
    List<Example> examples = new ArrayList<>();
    Map<String, Map<String, String>> entryPoints = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.sorted().toList()) {
        Path relative = EXAMPLES.relativize(file);
        if (relative.getNameCount() != 4
            || !relative.getName(1).toString().equals("submissions")
            || !expectations.contains(relative.getName(2).toString())
            || language(parts(file)) == null) {
          continue;
        }
        String problem = relative.getName(0).toString();
        if (!entryPoints.containsKey(problem)) {
          entryPoints.put(problem, entryPoints(EXAMPLES.resolve(problem)));
        }
        String key = relative.getName(2) + "/" + relative.getName(3);
        examples.add(
            new Example(
                problem, relative.getName(2).toString(), file, entryPoints.get(problem).get(key)));
      }
    }
    return examples;
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private JsonNode awaitDone(String id) {
    JsonNode[] done = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Http.Answer answer = http.get("/api/v1/submissions/" + id);
              assertThat(answer.body().get("status").asText()).isEqualTo("DONE");
              done[0] = answer.body();
            });
    return done[0];
  }

  @Test
  void every_example_submission_gets_the_verdict_and_score_its_package_expects() {
    assertThat(ids).as("example submissions found").hasSizeGreaterThanOrEqualTo(40);
    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, String> actual = new LinkedHashMap<>();
    StringBuilder details = new StringBuilder();
    for (var entry : ids.entrySet()) {
      Example example = entry.getKey();
      JsonNode result = awaitDone(entry.getValue());
      String want = expectation(example, result);
      String got = outcome(example, result);
      expected.put(example.label(), want);
      actual.put(example.label(), got);
      if (!want.equals(got)) {
        details.append(example.label()).append(": ").append(result).append('\n');
      }
    }
    assertThat(actual).as(details.toString()).isEqualTo(expected);
  }

  /** What the package expects, in the words {@link #outcome} uses. */
  private static String expectation(Example example, JsonNode result) {
    boolean scoring = result.has("groups");
    String verdict =
        switch (example.expected()) {
          case "accepted", "partially_accepted" -> "ACCEPTED";
          case "wrong_answer" -> "WRONG_ANSWER";
          case "time_limit_exceeded" -> "TIME_LIMIT_EXCEEDED";
          default -> "RUNTIME_ERROR";
        };
    if (!scoring) {
      return verdict;
    }
    Double listed =
        PARTIAL_SCORES.get(
            example.problem() + "/" + example.expected() + "/" + example.file().getFileName());
    double score =
        listed != null
            ? listed
            : example.expected().equals("accepted") ? result.get("maxScore").asDouble() : 0;
    return verdict + " " + String.format("%.6f", score);
  }

  /** The verdict (memory and output limits count as run-time errors, §14) and any score. */
  private static String outcome(Example example, JsonNode result) {
    String verdict = result.get("verdict").asText();
    if (verdict.equals("MEMORY_LIMIT_EXCEEDED") || verdict.equals("OUTPUT_LIMIT_EXCEEDED")) {
      verdict = "RUNTIME_ERROR";
    }
    if (!result.has("groups")) {
      return verdict;
    }
    return verdict + " " + String.format("%.6f", result.get("score").asDouble());
  }
}
