package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.testing.HostGcc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * What every sandbox contract shares: a fixture-made sandbox for slot 0 with a work directory,
 * helpers to run shell, Python and C programs in it, and the check after every test that nothing of
 * any run survived. Contracts talk to the backend only through {@link Sandbox} and {@link
 * SandboxFixture}.
 *
 * <p>A contract is a {@link org.junit.jupiter.params.ParameterizedClass} over {@link SandboxMode}s
 * (every mode, or those a promise is about): its {@link #mode} is the one under test. Where
 * backends differ, the test says so with the mode.
 */
public abstract class SandboxTestSupport {
  protected static final ResourceLimits LIMITS = Limits.limits().build();
  protected static final String PYTHON = "/usr/bin/python3";

  @Parameter protected SandboxMode mode;
  @TempDir protected Path temp;
  protected SandboxFixture fixture;
  protected Sandbox sandbox;
  protected Path box;
  private final List<Sandbox> others = new ArrayList<>();

  /** A fixture for the mode under test. */
  protected SandboxFixture newFixture() {
    return mode.newFixture();
  }

  @BeforeEach
  final void createSandbox() throws IOException {
    // why: the sandbox user must be able to reach the work directories below the temp dir.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    fixture = newFixture();
    sandbox = fixture.newSandbox(0, temp.resolve("scratch-0"));
    box = workDir(0, "box");
  }

  @AfterEach
  final void leaveNothingBehind() {
    try {
      for (int slot = 0; slot < 2; slot++) {
        assertThat(HostProcesses.ofUid(fixture.uid(slot)))
            .as("processes of slot %d's uid after the test", slot)
            .isEmpty();
        assertThat(fixture.leftovers(slot)).as("what slot %d's runs left", slot).isEmpty();
      }
    } finally {
      others.forEach(Sandbox::close);
      sandbox.close();
      fixture.close();
    }
  }

  /** A second sandbox, for another slot, closed after the test. */
  protected Sandbox sandboxForSlot(int slot) {
    Sandbox other = fixture.newSandbox(slot, temp.resolve("scratch-" + slot));
    others.add(other);
    return other;
  }

  /** A fresh work directory owned by the slot's uid. */
  protected Path workDir(int slot, String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    Files.setAttribute(dir, "unix:uid", fixture.uid(slot));
    Files.setAttribute(dir, "unix:gid", fixture.uid(slot));
    return dir;
  }

  protected static RunRequest request(
      List<String> command, Path workDir, boolean writable, ResourceLimits limits) {
    return new RunRequest(command, workDir, writable, null, limits, List.of(), Map.of());
  }

  /** Runs a shell script as a test run: a fresh /box with the work directory's entries. */
  protected RunResult sh(String script) {
    return sh(script, LIMITS);
  }

  protected RunResult sh(String script, ResourceLimits limits) {
    return sandbox.run(request(List.of("/bin/sh", "-c", script), box, false, limits));
  }

  /** Runs a shell script as a compile step: /box is the work directory itself, writable. */
  protected RunResult shWritable(String script) {
    return sandbox.run(request(List.of("/bin/sh", "-c", script), box, true, LIMITS));
  }

  /**
   * Runs a shell script in {@code workDir} reading {@code stdin}, as a compile step if writable.
   */
  protected RunResult shWithInput(String script, Path workDir, boolean writable, Path stdin) {
    return sandbox.run(
        new RunRequest(
            List.of("/bin/sh", "-c", script),
            workDir,
            writable,
            stdin,
            LIMITS,
            List.of(),
            Map.of()));
  }

  /** A work directory of slot 0 on a work area, as the worker lays out a submission's. */
  protected Path slotsDirectoryOn(WorkArea area) throws IOException {
    Path dir = Files.createDirectory(area.dir().resolve("submission"));
    Files.setAttribute(dir, "unix:uid", fixture.uid(0));
    Files.setAttribute(dir, "unix:gid", fixture.uid(0));
    return dir;
  }

  protected RunResult python(String code, ResourceLimits limits) {
    return sandbox.run(request(List.of(PYTHON, "-c", code), box, false, limits));
  }

  /** Runs a program from the work directory, e.g. one made by {@link #compileC}. */
  protected RunResult exec(ResourceLimits limits, String... command) {
    return sandbox.run(request(List.of(command), box, false, limits));
  }

  /** Compiles C source with the host's gcc into the work directory; returns its /box path. */
  protected String compileC(String name, String source) {
    HostGcc.compile(source, box.resolve(name), "-O1", "-pthread");
    return "/box/" + name;
  }

  protected static String out(RunResult result) {
    return new String(result.stdout(), StandardCharsets.UTF_8);
  }

  /** The least CPU time charged to /bin/true over a few runs, each checked to have succeeded. */
  protected double leastCpuTimeOfTrueMs() {
    double least = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      RunResult result = exec(LIMITS, "/bin/true");
      assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
      least = Math.min(least, result.cpuTimeMs());
    }
    return least;
  }

  protected static String err(RunResult result) {
    return new String(result.stderr(), StandardCharsets.UTF_8);
  }

  /**
   * The result says everything about the run: CPU time, wall time, peak memory, exit code or
   * signal, and a stop reason exactly when the sandbox stopped it.
   */
  protected static void assertReported(RunResult result) {
    assertThat(result.cpuTimeMs()).as("cpu time").isPositive();
    assertThat(result.wallTimeMs()).as("wall time").isPositive();
    assertThat(result.peakMemoryBytes()).as("peak memory").isPositive();
    assertThat(result.exitCode()).as("exit code").isBetween(0, 255);
    if (result.termination() == Termination.EXITED) {
      assertThat(result.stopReason()).as("stop reason").isNull();
    } else {
      assertThat(result.stopReason()).as("stop reason").isNotBlank();
      // why: the sandbox and the OOM killer stop a run with SIGKILL, the file size limit with
      // SIGXFSZ.
      assertThat(result.signal()).as("signal of a stopped run").isIn(9, 25);
    }
  }

  /** The sandbox still runs an ordinary program correctly, as a test run and as a compile step. */
  protected void assertStillWorks() throws IOException {
    RunResult run = sh("read a b; echo $((a + b)); id -u");
    assertThat(run.termination()).isEqualTo(Termination.EXITED);
    assertThat(run.exitCode()).as("stderr: %s", err(run)).isZero();
    assertThat(out(run)).isEqualTo("0\n" + fixture.uid(0) + "\n");

    Path input = temp.resolve("still-works.in");
    Files.writeString(input, "3 4\n");
    RunResult withInput = shWithInput("read a b; echo $((a + b))", box, true, input);
    assertThat(withInput.succeeded()).as("stderr: %s", err(withInput)).isTrue();
    assertThat(out(withInput)).isEqualTo("7\n");
  }
}
