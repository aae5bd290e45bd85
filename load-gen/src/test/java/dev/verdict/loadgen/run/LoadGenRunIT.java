package dev.verdict.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.loadgen.LoadGenMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code load-gen run} end to end against a scripted API on a real loopback port. */
class LoadGenRunIT {
  @TempDir Path dir;

  @Test
  void runCountsEverySubmissionPollAndVerdictOfAScriptedApi() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path report = dir.resolve("report");
    int exit;
    int posts;
    int gets;
    try (FakeVerdictApi api = new FakeVerdictApi()) {
      exit =
          LoadGenMain.commandLine()
              .setOut(new PrintWriter(out))
              .setErr(new PrintWriter(err))
              .execute(
                  "run",
                  "--url",
                  api.url(),
                  "--token",
                  FakeVerdictApi.TOKEN,
                  "--workload",
                  "python-sum",
                  "--clients",
                  "4",
                  "--count",
                  "20",
                  "--poll-interval",
                  "1ms",
                  "--max-poll-interval",
                  "5ms",
                  "--seed",
                  "1",
                  "--out",
                  report.toString());
      posts = api.posts();
      gets = api.gets();
    }

    // why: 20 POSTs, the 7th refused; 19 accepted as s1..s19, of which s5, s10, s15 are
    // WRONG_ANSWER; each takes exactly 3 GETs (QUEUED, RUNNING, DONE).
    assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(1);
    assertThat(posts).isEqualTo(20);
    assertThat(gets).isEqualTo(19 * 3);

    JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
    JsonNode f = json.path("figures");
    assertThat(f.path("mode").asText()).isEqualTo("closed");
    assertThat(f.path("clients").asInt()).isEqualTo(4);
    assertThat(f.path("submitted").asLong()).isEqualTo(20);
    assertThat(f.path("accepted").asLong()).isEqualTo(19);
    assertThat(f.path("graded").asLong()).isEqualTo(19);
    assertThat(f.path("gradedInWindow").asLong()).isEqualTo(19);
    assertThat(f.path("gradedPerSecond").asDouble()).isPositive();
    assertThat(f.path("failed").asLong()).isEqualTo(1);
    assertThat(f.path("unexpectedVerdicts").asLong()).isEqualTo(3);
    assertThat(f.path("errors").path("http-503").asLong()).isEqualTo(1);
    assertThat(f.path("errors").path("unexpected-verdict:WRONG_ANSWER").asLong()).isEqualTo(3);
    assertThat(f.path("errors").size()).isEqualTo(2);
    assertThat(f.path("verdicts").path("ACCEPTED").asLong()).isEqualTo(16);
    assertThat(f.path("verdicts").path("WRONG_ANSWER").asLong()).isEqualTo(3);
    assertThat(f.path("polling").path("gets").asLong()).isEqualTo(57);
    assertThat(f.path("polling").path("getsPerSubmission").asDouble()).isEqualTo(3.0);
    for (String latency : List.of("accept", "firstResult", "endToEnd", "serverEndToEnd")) {
      assertThat(f.path(latency).path("count").asLong()).as(latency).isEqualTo(19);
    }
    assertThat(f.path("endToEnd").path("p50Ms").asDouble())
        .isGreaterThanOrEqualTo(f.path("firstResult").path("p50Ms").asDouble());
    // why: the fake says finishedAt - createdAt = 30 ms; HdrHistogram keeps 3 significant digits.
    assertThat(f.path("serverEndToEnd").path("p50Ms").asDouble()).isCloseTo(30.0, within(0.05));
    assertThat(f.path("loadGenCpu").path("cpuMs").asDouble()).isPositive();

    assertThat(json.path("settings").path("count").asLong()).isEqualTo(20);
    assertThat(json.path("settings").path("seed").asLong()).isEqualTo(1);
    assertThat(json.path("header").path("commandLine").asText())
        .startsWith("load-gen run --url http://127.0.0.1:")
        .contains("--count 20");

    List<String> csv = Files.readAllLines(report.resolve("submissions.csv"));
    assertThat(csv).hasSize(21);
    assertThat(csv.get(0)).startsWith("step,load,entry,submittedAtMs,measured,outcome,errorKind");
    assertThat(report.resolve("latency-cdf.png")).exists();
    assertThat(out.toString()).contains("throughput", "problems    http-503 1");
  }
}
