package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every sandbox backend must do. A backend's test is a subclass that says how to make one. */
public abstract class SandboxContract {
  protected static final ResourceLimits LIMITS = LimitsConfig.defaults().runDefaults();

  @TempDir protected Path temp;
  protected Sandbox sandbox;
  protected Path box;

  /** A sandbox for one slot; {@link #sandboxUid()} must own the work directory. */
  protected abstract Sandbox newSandbox(Path scratch);

  protected abstract int sandboxUid();

  @BeforeEach
  void setUp() throws IOException {
    sandbox = newSandbox(temp.resolve("scratch"));
    box = temp.resolve("box");
    Files.createDirectories(box);
    Files.setAttribute(box, "unix:uid", sandboxUid());
    Files.setAttribute(temp, "unix:uid", 0);
    Files.setPosixFilePermissions(
        temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  protected RunResult sh(String script) {
    return sh(script, LIMITS, null);
  }

  protected RunResult sh(String script, ResourceLimits limits, Path stdin) {
    return sandbox.run(
        new RunRequest(
            List.of("/bin/sh", "-c", script), box, true, stdin, limits, List.of(), Map.of()));
  }

  protected static String out(RunResult result) {
    return new String(result.stdout(), StandardCharsets.UTF_8);
  }

  @Test
  void runs_a_command_and_captures_its_output_and_exit_code() {
    RunResult result = sh("echo hello; echo oops >&2; exit 3");

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(out(result)).isEqualTo("hello\n");
    assertThat(new String(result.stderr(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
    assertThat(result.peakMemoryBytes()).isPositive();
    assertThat(result.wallTimeMs()).isPositive();
  }

  @Test
  void feeds_the_input_file_to_stdin() throws IOException {
    Path input = temp.resolve("input.txt");
    Files.writeString(input, "3 4\n");

    RunResult result = sh("read a b; echo $((a + b))", LIMITS, input);

    assertThat(out(result)).isEqualTo("7\n");
  }

  @Test
  void runs_as_an_unprivileged_user_without_network() {
    RunResult result =
        sh("id -u; cat /sys/class/net/*/operstate 2>/dev/null | wc -l; ls /sys 2>&1 | head -1");

    String[] lines = out(result).split("\n");
    assertThat(lines[0]).isNotEqualTo("0");
  }

  @Test
  void kills_a_program_over_its_cpu_time_limit() {
    ResourceLimits limits = LIMITS.withTime(300, 5_000);

    RunResult result = sh("while :; do :; done", limits, null);

    assertThat(result.termination()).isEqualTo(Termination.CPU_TIME_LIMIT);
    assertThat(result.cpuTimeMs()).isGreaterThanOrEqualTo(300);
    assertThat(result.wallTimeMs()).isLessThan(5_000);
  }

  @Test
  void kills_a_sleeping_program_at_its_wall_time_limit() {
    ResourceLimits limits = LIMITS.withTime(1_000, 400);

    RunResult result = sh("sleep 30", limits, null);

    assertThat(result.termination()).isEqualTo(Termination.WALL_TIME_LIMIT);
    assertThat(result.wallTimeMs()).isLessThan(5_000);
  }

  @Test
  void stops_a_program_that_floods_stdout() {
    ResourceLimits limits = new ResourceLimits(5_000, 10_000, 256, 64, 64, 1024, 64, 8, 16);

    RunResult result = sh("yes", limits, null);

    assertThat(result.termination()).isEqualTo(Termination.OUTPUT_LIMIT);
    assertThat(result.stdout().length).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void reports_a_program_killed_for_memory() {
    ResourceLimits limits = LIMITS.withMemoryMb(32);

    RunResult result =
        sandbox.run(
            new RunRequest(
                List.of(
                    "/usr/bin/python3", "-c", "x = bytearray(200 * 1024 * 1024); print(len(x))"),
                box,
                true,
                null,
                limits,
                List.of(),
                Map.of()));

    assertThat(result.termination()).isEqualTo(Termination.MEMORY_LIMIT);
  }
}
