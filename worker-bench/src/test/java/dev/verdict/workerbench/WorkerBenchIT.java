package dev.verdict.workerbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's benchmarks, run as an operator runs them: as root, with real sandboxes. */
class WorkerBenchIT {
  @TempDir Path temp;
  private final String namespace = "wbit" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void letTheSandboxUsersIn() throws IOException {
    // why: every parent of a run's work folder must be searchable by the slot's uid.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Result bench(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--work-dir", temp.resolve("work").toString(), "--set", "namespace=" + namespace));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        WorkerBenchMain.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private record Result(int exit, String out, String err) {}

  @Test
  void baselineGradesTheWorkloadAndComparesItWithASystemReport() throws IOException {
    Path system = temp.resolve("report.json");
    Files.writeString(
        system, "{\"header\": {\"command\": \"run\"}, \"figures\": {\"gradedPerSecond\": 0.5}}");

    Result result =
        bench(
            "baseline",
            "--workload",
            "python-sum",
            "--cores",
            "1",
            "--count",
            "3",
            "--problems",
            "../examples/problems",
            "--system",
            system.toString(),
            "--out",
            temp.resolve("report").toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("raw limit", "verdicts   {ACCEPTED=3}, unexpected 0");
    assertThat(result.out()).containsPattern("system +0\\.50 graded/s \\(run\\) = [0-9.]+% of raw");
    JsonNode report = new ObjectMapper().readTree(temp.resolve("report/baseline.json").toFile());
    assertThat(report.at("/header/tool").asText()).isEqualTo("worker-bench");
    assertThat(report.at("/header/commandLine").asText()).startsWith("worker-bench baseline");
    assertThat(report.at("/figures/submitted").asLong()).isEqualTo(3);
    assertThat(report.at("/comparison/systemThroughput").asDouble()).isEqualTo(0.5);
    assertThat(temp.resolve("report/baseline-runs.csv")).exists();
    assertThat(temp.resolve("report/baseline-cdf.png")).exists();
  }

  @Test
  void overheadTimesEachProgramInsideAndOutsideTheSandbox() {
    Result result = bench("overhead", "--runs", "2");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("/bin/true", "python3 -c pass", "C hello-world", "added p50", "setup p50");
  }

  @Test
  void runcostSplitsTheMachinesCpuPerRunInsideAndOutsideTheSandbox() {
    Result result =
        bench(
            "runcost",
            "--runs",
            "2",
            "--blocks",
            "1",
            "--program",
            "true",
            "--program",
            "python-sum");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(
            "true\n", "python-sum\n", "inside:", "outside:", "kernel threads", "the sandbox's own");
  }

  @Test
  void runcostRefusesAnUnknownProgram() {
    Result result = bench("runcost", "--program", "nope");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("unknown program nope");
  }

  @Test
  void fairnessComparesAnIdleWithABusyMachine() {
    Result result = bench("fairness", "--runs", "1", "--steps", "1000000");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("idle", "all busy", "difference", "the program's own clock");
  }
}
