package dev.verdict.worker.sandbox;

import static dev.verdict.worker.sandbox.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that try to exhaust a resource. Each is stopped at its limit with the limit named, and
 * afterwards the same sandbox runs an ordinary program correctly.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class HostileResourcesIT extends SandboxTestSupport {
  // why: the machine's cores are shared with other work; a wall-time limit far above the CPU-time
  // limit keeps the CPU-time limit what stops a spinning program even when it gets a small share
  // of its core (with 4 s, a program given less than a quarter of its core was stopped by the
  // clock instead). A run that is not starved still ends after about 1 s.
  private static final ResourceLimits SHORT = limits().cpuMs(1_000).wallMs(20_000).build();

  @Test
  void a_fork_bomb_is_contained_and_stopped() throws IOException {
    String bomb =
        """
        import os
        while True:
            try:
                os.fork()
            except OSError:
                pass
        """;

    RunResult result = python(bomb, limits().cpuMs(1_000).wallMs(4_000).processes(16).build());

    assertThat(result.termination()).isIn(Termination.CPU_TIME_LIMIT, Termination.WALL_TIME_LIMIT);
    assertThat(result.stopReason()).isNotNull();
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void an_infinite_loop_is_stopped_at_the_cpu_time_limit() throws IOException {
    RunResult result = python("while True: pass", SHORT);

    assertThat(result.termination()).isEqualTo(Termination.CPU_TIME_LIMIT);
    assertThat(result.cpuTimeMs()).isGreaterThanOrEqualTo(1_000);
    assertThat(result.exitCode()).isEqualTo(128 + 9);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void making_the_sandboxs_own_init_compute_for_the_program_is_refused() throws Exception {
    // why: a run's CPU time leaves out what the sandbox's own processes used; a program that made
    // bubblewrap's init (same PID namespace and uid) spin in its place through ptrace computed
    // for free until the init's share was bounded. ptrace is now refused in every sandbox
    // (SeccompPolicy), and the built-in sandbox's init runs as root besides.
    String hijack = compileC("hijack", Programs.HIJACK_INIT);

    RunResult result = exec(SHORT, hijack);

    assertThat(err(result)).contains("attach: Operation not permitted");
    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void busy_threads_on_every_core_stay_on_the_slots_core() throws Exception {
    String spin = compileC("spin", Programs.BUSY_THREADS);

    RunResult result = exec(SHORT, spin);

    assertThat(result.termination()).isEqualTo(Termination.CPU_TIME_LIMIT);
    // why: on one core, CPU time cannot run ahead of the clock; on two it would be twice the wall.
    assertThat(result.cpuTimeMs()).isLessThanOrEqualTo(result.wallTimeMs() * 1.05 + 10);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_memory_hog_in_c_is_stopped_at_the_memory_limit() throws Exception {
    String hog = compileC("hog", Programs.MEMORY_HOG);

    RunResult result = exec(limits().memoryMb(64).build(), hog);

    assertMemoryLimit(result, 64);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_memory_hog_in_python_is_stopped_at_the_memory_limit() throws IOException {
    String hog = "x = []\nwhile True:\n    x.append(b'x' * (1 << 20))";

    RunResult result = python(hog, limits().memoryMb(64).build());

    assertMemoryLimit(result, 64);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_memory_hog_in_java_is_stopped_at_the_memory_limit() throws IOException {
    Path source = Files.createDirectories(temp.resolve("java")).resolve("Hog.java");
    Files.writeString(
        source,
        """
        import java.util.ArrayList;
        import java.util.List;
        public class Hog {
          public static void main(String[] args) {
            List<byte[]> kept = new ArrayList<>();
            while (true) {
              byte[] block = new byte[1 << 20];
              java.util.Arrays.fill(block, (byte) 1);
              kept.add(block);
            }
          }
        }
        """);
    assertThat(
            ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", box.toString(), source.toString()))
        .isZero();
    String javaHome = System.getProperty("java.home");
    RunRequest request =
        new RunRequest(
            List.of(
                javaHome + "/bin/java",
                "-Xmx1g",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-cp",
                "/box",
                "Hog"),
            box,
            false,
            null,
            limits().memoryMb(128).openFiles(256).cpuMs(10_000).wallMs(20_000).build(),
            List.of(javaHome),
            Map.of());

    RunResult result = sandbox.run(request);

    assertMemoryLimit(result, 128);
    assertReported(result);
    assertStillWorks();
  }

  private static void assertMemoryLimit(RunResult result, int limitMb) {
    assertThat(result.termination())
        .as("stderr: %s", err(result))
        .isEqualTo(Termination.MEMORY_LIMIT);
    assertThat(result.stopReason())
        .isEqualTo("memory limit: its processes needed more than " + limitMb + " MB");
    assertThat(result.signal()).isEqualTo(9);
    assertThat(result.peakMemoryBytes())
        .isGreaterThan((limitMb / 2L) << 20)
        .isLessThanOrEqualTo((long) limitMb << 20);
  }

  @Test
  void a_stack_overflow_is_a_segmentation_fault_not_a_hang() throws Exception {
    String overflow = compileC("overflow", Programs.INFINITE_RECURSION);

    RunResult result = exec(limits().stackMb(8).build(), overflow);

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.signal()).isEqualTo(11);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_stdout_flood_is_cut_at_the_output_limit() throws IOException {
    RunResult result = sh("yes", limits().outputKb(256).build());

    assertThat(result.termination()).isEqualTo(Termination.OUTPUT_LIMIT);
    assertThat(result.stdout()).hasSize(256 * 1024);
    assertThat(out(result)).startsWith("y\ny\n");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_nul_byte_flood_on_stderr_is_cut_at_the_output_limit_and_ends_at_the_time_limit()
      throws IOException {
    RunResult result = sh("cat /dev/zero >&2", limits().outputKb(64).cpuMs(500).build());

    assertThat(result.termination()).isIn(Termination.CPU_TIME_LIMIT, Termination.WALL_TIME_LIMIT);
    assertThat(result.stderr()).hasSize(64 * 1024).containsOnly((byte) 0);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_huge_file_is_stopped_at_the_file_size_limit() throws IOException {
    RunResult result =
        sh("head -c 1000000000 /dev/zero > /tmp/huge", limits().fileSizeKb(1024).build());

    assertThat(result.termination()).isEqualTo(Termination.OUTPUT_LIMIT);
    assertThat(result.stopReason()).startsWith("file size limit");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void filling_tmp_stops_at_its_size_and_the_next_run_has_an_empty_tmp() throws IOException {
    String fill =
        """
        import os
        written = 0
        try:
            for i in range(1000):
                with open('/tmp/f%d' % i, 'wb') as f:
                    f.write(b'z' * (1 << 20))
                written += 1
        except OSError as e:
            print(written, e.errno)
        """;

    RunResult result = python(fill, limits().tmpMb(8).build());
    RunResult next = sh("ls -A /tmp | wc -l");

    List<String> parts = List.of(out(result).trim().split(" "));
    assertThat(Integer.parseInt(parts.get(0))).isBetween(1, 8);
    assertThat(parts.get(1)).isEqualTo("28"); // ENOSPC
    assertThat(out(next).trim()).isEqualTo("0");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void sleeping_forever_is_stopped_at_the_wall_time_limit() throws IOException {
    RunResult result = sh("sleep infinity", limits().wallMs(300).build());

    assertThat(result.termination()).isEqualTo(Termination.WALL_TIME_LIMIT);
    assertThat(result.cpuTimeMs()).isLessThan(300);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_daemon_that_outlives_main_keeps_the_run_going_until_its_wall_time_limit()
      throws IOException {
    // why: long enough for the shell to start and write its line on a loaded machine (500 ms
    // once ended a run under bubblewrap before its echo); the daemon outlives it either way.
    ResourceLimits limits = limits().wallMs(1500).build();

    RunResult detached =
        sh("setsid sh -c 'exec sleep 1000' </dev/null >/dev/null 2>&1 & echo started", limits);
    RunResult holdingStdout = sh("(setsid sleep 1000 &); echo started", limits);

    for (RunResult result : List.of(detached, holdingStdout)) {
      assertThat(result.termination()).isEqualTo(Termination.WALL_TIME_LIMIT);
      assertThat(result.wallTimeMs()).isGreaterThanOrEqualTo(1500);
      assertThat(out(result)).isEqualTo("started\n");
    }
    assertThat(HostProcesses.ofUid(fixture.uid(0))).isEmpty();
    assertReported(detached);
    assertStillWorks();
  }

  @Test
  void closing_stdout_and_stderr_then_spinning_is_stopped_at_the_cpu_limit() throws IOException {
    RunResult result = sh("exec 1>&- 2>&-; while :; do :; done", SHORT);

    assertThat(result.termination()).isEqualTo(Termination.CPU_TIME_LIMIT);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).isEmpty();
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void
      a_compile_step_writing_300_files_of_1_mb_is_stopped_at_its_work_area_while_another_slot_runs()
          throws Exception {
    long cap = 32L << 20;
    Sandbox other = sandboxForSlot(1);
    Path otherBox = workDir(1, "other-box");
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (WorkArea area = WorkArea.mount(temp.resolve("area"), cap, 4_096)) {
      Path dir = slotsDirectoryOn(area);
      CompletableFuture<List<RunResult>> grading =
          CompletableFuture.supplyAsync(
              () ->
                  IntStream.range(0, 5)
                      .mapToObj(
                          i ->
                              other.run(
                                  request(
                                      List.of("/bin/sh", "-c", "echo graded"),
                                      otherBox,
                                      false,
                                      LIMITS)))
                      .toList(),
              executor);

      RunResult writer =
          sandbox.run(
              request(
                  List.of(
                      "/bin/sh",
                      "-c",
                      "i=0; while [ $i -lt 300 ]; do i=$((i+1));"
                          + " head -c 1048576 /dev/zero > /box/f$i || exit 1; done; echo all"),
                  dir,
                  true,
                  limits().fileSizeKb(2048).memoryMb(512).wallMs(60_000).build()));

      assertThat(writer.termination()).isEqualTo(Termination.EXITED);
      assertThat(writer.exitCode()).isEqualTo(1);
      assertThat(err(writer)).contains("No space left on device");
      assertThat(out(writer)).doesNotContain("all");
      try (Stream<Path> files = Files.list(dir)) {
        long written = files.mapToLong(f -> f.toFile().length()).sum();
        assertThat(written).isPositive().isLessThanOrEqualTo(cap);
      }
      assertThat(grading.get(60, TimeUnit.SECONDS))
          .hasSize(5)
          .allSatisfy(run -> assertThat(out(run)).isEqualTo("graded\n"));
    } finally {
      executor.shutdownNow();
    }
    assertStillWorks();
  }

  @Test
  void a_compile_step_making_files_without_end_is_stopped_at_its_work_areas_inodes()
      throws IOException {
    try (WorkArea area = WorkArea.mount(temp.resolve("area"), 64L << 20, 2_048)) {
      Path dir = slotsDirectoryOn(area);

      RunResult maker =
          sandbox.run(
              request(
                  List.of(
                      "/bin/sh",
                      "-c",
                      "i=0; while [ $i -lt 100000 ]; do i=$((i+1));"
                          + " printf '' > /box/f$i 2>/dev/null || { echo stopped; exit 1; }; done"),
                  dir,
                  true,
                  limits().wallMs(60_000).build()));

      assertThat(out(maker)).isEqualTo("stopped\n");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.count()).isLessThanOrEqualTo(2_048);
      }
    }
    assertStillWorks();
  }

  @Test
  void running_out_of_file_descriptors_fails_the_programs_calls_not_the_sandbox()
      throws IOException {
    String code =
        """
        import errno, os
        fds = []
        try:
            while True:
                fds.append(os.open("/dev/null", os.O_RDONLY))
        except OSError as e:
            print(e.errno == errno.EMFILE, len(fds) < 100)
        """;

    RunResult result = python(code, limits().openFiles(64).build());

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(out(result)).as("stderr: %s", err(result)).isEqualTo("True True\n");
    assertStillWorks();
  }
}
