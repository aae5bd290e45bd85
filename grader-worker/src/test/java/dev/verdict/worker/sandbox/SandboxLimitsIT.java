package dev.verdict.worker.sandbox;

import static dev.verdict.worker.sandbox.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Each resource limit of a run, enforced and reported. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class SandboxLimitsIT extends SandboxTestSupport {

  @Test
  void the_cpu_time_limit_counts_every_process_together() {
    // why: four busy children share the limit; each alone stays far below the per-process rlimit.
    ResourceLimits limits = limits().cpuMs(800).wallMs(20_000).build();

    RunResult result = sh("for i in 1 2 3 4; do (while :; do :; done) & done; wait", limits);

    assertThat(result.termination()).isEqualTo(Termination.CPU_TIME_LIMIT);
    assertThat(result.stopReason()).startsWith("cpu time limit");
    assertThat(result.cpuTimeMs()).isGreaterThanOrEqualTo(800);
    assertThat(result.wallTimeMs()).isLessThan(20_000);
  }

  @Test
  void the_wall_time_limit_kills_the_whole_tree_including_a_detached_daemon() {
    ResourceLimits limits = limits().cpuMs(5_000).wallMs(500).build();

    RunResult result = sh("setsid sh -c 'sleep 1000' & (sleep 1000 &); sleep 1000", limits);

    assertThat(result.termination()).isEqualTo(Termination.WALL_TIME_LIMIT);
    assertThat(result.stopReason()).startsWith("wall time limit");
    assertThat(result.wallTimeMs()).isGreaterThanOrEqualTo(500);
    assertThat(HostProcesses.ofUid(fixture.uid(0))).isEmpty();
  }

  @Test
  void the_memory_limit_counts_children_and_the_peak_is_reported() throws Exception {
    String hog = compileC("hog", Programs.FORKING_MEMORY_HOG);

    RunResult within = exec(limits().memoryMb(96).build(), hog, "2", "24");
    RunResult over = exec(limits().memoryMb(64).build(), hog, "2", "40");

    assertThat(within.succeeded()).as("stderr: %s", err(within)).isTrue();
    assertThat(within.peakMemoryBytes()).isGreaterThan(48L << 20).isLessThanOrEqualTo(96L << 20);
    assertThat(over.termination()).isEqualTo(Termination.MEMORY_LIMIT);
    assertThat(over.stopReason()).startsWith("memory limit");
    assertThat(over.peakMemoryBytes()).isGreaterThan(40L << 20).isLessThanOrEqualTo(64L << 20);
  }

  @Test
  void the_process_limit_counts_processes_and_threads() {
    String code =
        """
        import os, threading, time
        threads = 0
        try:
            while threads < 200:
                threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
                threads += 1
        except RuntimeError:
            pass
        print(threads)
        """;

    RunResult result = python(code, limits().processes(12).build());

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    int threads = Integer.parseInt(out(result).trim());
    assertThat(threads).isBetween(6, 11);
  }

  @Test
  void stdout_up_to_the_limit_is_kept_whole_one_byte_more_is_stopped_and_stderr_is_cut_off() {
    ResourceLimits limits = limits().outputKb(16).build();
    String print = "import sys; sys.%s.buffer.write(b'y' * %d)";

    RunResult exact = python(print.formatted("stdout", 16 * 1024), limits);
    RunResult over = python(print.formatted("stdout", 16 * 1024 + 1), limits);
    RunResult errOver = python(print.formatted("stderr", 16 * 1024 + 1), limits);

    assertThat(exact.succeeded()).isTrue();
    assertThat(exact.stdout()).hasSize(16 * 1024);
    assertThat(over.termination()).isEqualTo(Termination.OUTPUT_LIMIT);
    assertThat(over.stopReason()).isEqualTo("output limit: stdout went over 16 KB");
    assertThat(over.stdout()).hasSize(16 * 1024);
    assertThat(errOver.succeeded()).as("stderr beyond its cap is no verdict").isTrue();
    assertThat(errOver.stopReason()).isNull();
    assertThat(errOver.stderr()).hasSize(16 * 1024);
  }

  @Test
  void a_file_over_the_file_size_limit_stops_the_run_as_output_limit() throws Exception {
    String writer = compileC("writer", Programs.FILE_WRITER);
    ResourceLimits limits = limits().fileSizeKb(64).build();

    RunResult exact = exec(limits, writer, "/tmp/out", Integer.toString(64 * 1024));
    RunResult over = exec(limits, writer, "/tmp/out", Integer.toString(64 * 1024 + 1));

    assertThat(exact.succeeded()).as("stderr: %s", err(exact)).isTrue();
    assertThat(over.termination()).isEqualTo(Termination.OUTPUT_LIMIT);
    assertThat(over.signal()).isEqualTo(25);
    assertThat(over.stopReason()).isEqualTo("file size limit: a file reached 64 KB (SIGXFSZ)");
  }

  @Test
  void the_open_files_limit_applies() {
    String code =
        """
        import os
        fds = []
        try:
            while len(fds) < 500:
                fds.append(os.open('/dev/null', os.O_RDONLY))
        except OSError as e:
            print(len(fds), e.errno)
        """;

    RunResult result = python(code, limits().openFiles(32).build());

    List<String> parts = List.of(out(result).trim().split(" "));
    assertThat(parts).hasSize(2);
    assertThat(Integer.parseInt(parts.get(0))).isBetween(20, 29);
    assertThat(parts.get(1)).isEqualTo("24"); // EMFILE
  }

  @Test
  void the_stack_limit_applies() throws Exception {
    String recurse = compileC("recurse", Programs.DEEP_RECURSION);

    RunResult small = exec(limits().stackMb(8).build(), recurse, "16");
    RunResult large = exec(limits().stackMb(64).build(), recurse, "16");

    assertThat(small.termination()).isEqualTo(Termination.EXITED);
    assertThat(small.signal()).isEqualTo(11);
    assertThat(large.succeeded()).as("stderr: %s", err(large)).isTrue();
    assertThat(out(large)).isEqualTo("depth reached\n");
  }

  @Test
  void an_address_space_limit_fails_a_large_allocation_and_without_one_only_the_cgroup_counts() {
    // why: 2 GB reserved, never touched: beyond an address-space limit of 400 MB, and within a
    // cgroup memory limit of 256 MB since the pages are never used.
    String reserve = compileC("reserve", Programs.LARGE_RESERVATION);
    ResourceLimits cgroupOnly = limits().memoryMb(256).build();

    RunResult limited = exec(limits().memoryMb(256).addressSpaceKb(400_000).build(), reserve);
    RunResult unlimited = exec(cgroupOnly, reserve);
    RunResult ulimit = sh("ulimit -H -v", limits().addressSpaceKb(400_000).build());
    RunResult none = sh("ulimit -H -v", cgroupOnly);

    assertThat(limited.succeeded()).as("stderr: %s", err(limited)).isTrue();
    assertThat(out(limited)).isEqualTo("malloc failed\n");
    assertThat(unlimited.succeeded()).as("stderr: %s", err(unlimited)).isTrue();
    assertThat(out(unlimited)).isEqualTo("malloc worked\n");
    assertThat(out(ulimit)).isEqualTo("400000\n");
    assertThat(out(none)).isEqualTo("unlimited\n");
  }

  @Test
  void every_rlimit_is_set_hard_so_the_program_cannot_raise_it() throws IOException {
    ResourceLimits limits = limits().openFiles(40).stackMb(16).fileSizeKb(1000).build();

    RunResult result =
        sh(
            "ulimit -H -n; ulimit -H -s; ulimit -H -f; ulimit -H -c; ulimit -n 4096 2>/dev/null"
                + " || echo refused",
            limits);

    assertThat(out(result)).isEqualTo("40\n16384\n2000\n0\nrefused\n");
  }
}
