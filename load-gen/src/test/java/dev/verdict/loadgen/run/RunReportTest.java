package dev.verdict.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.verdict.loadgen.client.PollSettings;
import dev.verdict.loadgen.report.ReportHeader;
import dev.verdict.loadgen.report.ReportWriter;
import dev.verdict.loadgen.workload.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  static SubmissionSample graded(long sentMs, long e2eMs, String verdict, String error) {
    return new SubmissionSample(
        0,
        "python-sum",
        sentMs * 1_000_000,
        SubmissionSample.Outcome.GRADED,
        error,
        2_000,
        e2eMs * 600,
        e2eMs * 1000,
        e2eMs * 900,
        (sentMs + e2eMs) * 1_000_000,
        3,
        verdict,
        6,
        6,
        Map.of());
  }

  static RunOutcome outcome() {
    return outcome(Duration.ZERO);
  }

  static RunOutcome outcome(Duration warmup) {
    List<SubmissionSample> samples = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      samples.add(graded(i * 100L, 100 + i, "ACCEPTED", null));
    }
    samples.add(graded(950, 100, "WRONG_ANSWER", "unexpected-verdict:WRONG_ANSWER"));
    samples.add(
        SubmissionSample.notAccepted(
            0, "python-sum", 960_000_000, SubmissionSample.Outcome.REFUSED, "http-503", 1_000));
    return new RunOutcome(
        0,
        Load.closed(2),
        new RunLimits(Duration.ofSeconds(1), 0, warmup, Duration.ofSeconds(60), 100),
        new PollSettings(Duration.ofMillis(20), Duration.ofMillis(500), 1.5),
        samples,
        warmup.toNanos(),
        1_000_000_000L,
        50_000_000L,
        1_200_000_000L,
        new ProcessUse(Map.of("api", 200.0, "dispatcher", 50.0), 91.5));
  }

  @Test
  void loadGensOwnCpuIsSharedOverEverySubmissionOfTheRunWarmUpIncluded() {
    RunFigures f = RunFigures.of(outcome(Duration.ofMillis(500)));

    // why: the 50 ms of CPU cover the whole run; 11 submissions were sent in it, 6 after the
    // warm-up.
    assertThat(f.submitted()).isEqualTo(6);
    assertThat(f.loadGenCpu().cpuMsPerSubmission()).isEqualTo(4.545);
  }

  @Test
  void figuresCountEverySubmissionByWhatHappenedToIt() {
    RunFigures f = RunFigures.of(outcome());

    assertThat(f.submitted()).isEqualTo(11);
    assertThat(f.accepted()).isEqualTo(10);
    assertThat(f.graded()).isEqualTo(10);
    assertThat(f.failed()).isEqualTo(1);
    assertThat(f.unexpectedVerdicts()).isEqualTo(1);
    assertThat(f.errors())
        .containsEntry("http-503", 1L)
        .containsEntry("unexpected-verdict:WRONG_ANSWER", 1L);
    assertThat(f.verdicts()).containsEntry("ACCEPTED", 9L).containsEntry("WRONG_ANSWER", 1L);
    // why: 9 of the 10 graded finished by 1 s (the one sent at 950 ms ends at 1050 ms).
    assertThat(f.gradedInWindow()).isEqualTo(9);
    assertThat(f.gradedPerSecond()).isEqualTo(9.0);
    assertThat(f.endToEnd().count()).isEqualTo(10);
    assertThat(f.accept().count()).isEqualTo(10);
    assertThat(f.polling().gets()).isEqualTo(30);
    assertThat(f.polling().getsPerSubmission()).isEqualTo(3.0);
    assertThat(f.loadGenCpu().cpuMs()).isEqualTo(50.0);
    assertThat(f.loadGenCpu().percentOfCore()).isEqualTo(4.17);
    // why: 200 and 50 CPU ms over the 9 submissions graded in the window.
    assertThat(f.processes().cpuMsPerSubmission())
        .containsOnly(entry("api", 22.22), entry("dispatcher", 5.56));
    assertThat(f.processes().totalCpuMsPerSubmission()).isEqualTo(27.78);
    assertThat(f.processes().machineBusyPercent()).isEqualTo(91.5);
  }

  @Test
  void writesJsonCsvAndPngThatParse() throws IOException {
    RunOutcome outcome = outcome();
    RunReport report =
        new RunReport(
            ReportHeader.of("run", List.of("run", "--clients", "2", "--duration", "1s")),
            Map.of("seed", 1),
            RunReport.WorkloadSummary.of(Workloads.resolve("python-sum")),
            RunFigures.of(outcome));

    report.write(new ReportWriter(dir.resolve("out")), outcome);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
    assertThat(json.path("header").path("commandLine").asText())
        .isEqualTo("load-gen run --clients 2 --duration 1s");
    assertThat(json.path("header").path("machine").path("cores").asInt()).isPositive();
    assertThat(json.path("header").path("machine").path("kernel").asText()).isNotEmpty();
    assertThat(json.path("header").path("machine").path("date").asText()).isNotEmpty();
    assertThat(json.path("figures").path("gradedPerSecond").asDouble()).isEqualTo(9.0);
    assertThat(json.path("figures").path("endToEnd").path("p99Ms").asDouble()).isPositive();
    assertThat(json.path("workload").path("entries").get(0).path("label").asText())
        .isEqualTo("python-sum");

    CsvMapper csv = new CsvMapper();
    try (MappingIterator<Map<String, String>> rows =
        csv.readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(dir.resolve("out/submissions.csv").toFile())) {
      List<Map<String, String>> all = rows.readAll();
      assertThat(all).hasSize(11);
      assertThat(all.get(0))
          .containsEntry("outcome", "GRADED")
          .containsEntry("verdict", "ACCEPTED");
      assertThat(all.get(10))
          .containsEntry("outcome", "REFUSED")
          .containsEntry("errorKind", "http-503");
    }

    assertThat(Files.readAllBytes(dir.resolve("out/latency-cdf.png"))).startsWith(PNG);
  }
}
