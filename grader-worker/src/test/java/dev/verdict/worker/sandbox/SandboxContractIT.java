package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The basics every sandbox backend must do: run a command, feed it input, capture its output byte
 * for byte, and report how it ended with its CPU time, wall time and peak memory. Run over every
 * backend with every launcher that can start it ({@link SandboxMode#all()}).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class SandboxContractIT extends SandboxTestSupport {

  @Test
  void runs_a_command_and_captures_its_output_and_exit_code() {
    RunResult result = sh("echo hello; echo oops >&2; exit 3");

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.signal()).isZero();
    assertThat(result.stopReason()).isNull();
    assertThat(out(result)).isEqualTo("hello\n");
    assertThat(err(result)).isEqualTo("oops\n");
  }

  @Test
  void feeds_the_input_file_to_stdin() throws IOException {
    Path input = temp.resolve("input.txt");
    Files.writeString(input, "3 4\n");

    RunResult result =
        sandbox.run(
            new RunRequest(
                List.of("/bin/sh", "-c", "read a b; echo $((a + b))"),
                box,
                false,
                input,
                LIMITS,
                List.of(),
                Map.of()));

    assertThat(out(result)).isEqualTo("7\n");
  }

  @Test
  void reports_cpu_time_wall_time_and_the_peak_memory_of_every_process() {
    // why: the child allocates, not the main process, so the peak must count children.
    String code =
        """
        import os
        pid = os.fork()
        if pid == 0:
            x = b'x' * (48 * 1024 * 1024)
            n = 0
            for i in range(2_000_000):
                n += i
            os._exit(0)
        os.waitpid(pid, 0)
        print('done')
        """;

    RunResult result = python(code, LIMITS);

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    assertThat(out(result)).isEqualTo("done\n");
    assertThat(result.peakMemoryBytes()).isGreaterThan(48L * 1024 * 1024);
    assertThat(result.cpuTimeMs()).isPositive();
    assertThat(result.wallTimeMs()).isPositive();
    assertThat(result.stopReason()).isNull();
  }

  @Test
  void reports_the_signal_that_killed_the_program() {
    RunResult result = sh("kill -SEGV $$");

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.signal()).isEqualTo(11);
    assertThat(result.exitCode()).isEqualTo(128 + 11);
    assertThat(result.stopReason()).isNull();
  }

  @Test
  void captures_invalid_utf8_and_nul_bytes_exactly() {
    String code =
        """
        import sys
        sys.stdout.buffer.write(bytes(range(256)) + b'\\xff\\xfe\\x00\\xc3\\x28')
        sys.stderr.buffer.write(bytes(reversed(range(256))))
        """;

    RunResult result = python(code, LIMITS);

    byte[] expectedOut = new byte[256 + 5];
    for (int i = 0; i < 256; i++) {
      expectedOut[i] = (byte) i;
    }
    System.arraycopy(
        new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28}, 0, expectedOut, 256, 5);
    byte[] expectedErr = new byte[256];
    for (int i = 0; i < 256; i++) {
      expectedErr[i] = (byte) (255 - i);
    }
    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).containsExactly(expectedOut);
    assertThat(result.stderr()).containsExactly(expectedErr);
  }

  @Test
  void a_program_that_closes_stdout_early_runs_to_its_end() {
    RunResult result =
        sh("exec 1>&-; i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; echo $i >&2; exit 4");

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stdout()).isEmpty();
    assertThat(err(result)).isEqualTo("2000\n");
  }

  @Test
  void a_compile_step_writes_into_the_work_directory_as_the_slot_user() throws IOException {
    RunResult result = shWritable("echo built > /box/a.out");

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    Path built = box.resolve("a.out");
    assertThat(built).hasContent("built");
    assertThat(Files.getAttribute(built, "unix:uid")).isEqualTo(fixture.uid(0));
  }

  @Test
  void a_test_run_sees_the_work_directory_read_only_and_writes_to_tmp() throws IOException {
    Files.writeString(box.resolve("data.txt"), "original\n");

    RunResult first =
        sh(
            "cat /box/data.txt; echo changed > /box/data.txt || echo read-only;"
                + " echo mine > /box/new.txt || echo no-new; echo t > /tmp/t.txt && echo tmp");
    RunResult second = sh("ls /box /tmp");

    assertThat(out(first)).isEqualTo("original\nread-only\nno-new\ntmp\n");
    assertThat(box.resolve("data.txt")).hasContent("original");
    assertThat(box.resolve("new.txt")).doesNotExist();
    assertThat(out(second)).isEqualTo("/box:\ndata.txt\n\n/tmp:\n");
  }

  @Test
  void a_work_directory_of_two_thousand_files_gets_its_runs() throws IOException {
    // why: a Java program of thousands of classes; once one mount per file, the launcher's mount
    // table overflowed ("too many sandbox options") and the spawner exited past ~1,330 files.
    // 2,000 is past both, in every mode; GraderWorkAreaIT grades a submission of 5,000 files.
    for (int i = 0; i < 2_000; i++) {
      Files.writeString(box.resolve("C" + i + ".class"), "x");
    }

    RunResult run = sh("ls /box | wc -l; cat /box/C1999.class");
    RunResult again = sh("echo still");

    assertThat(run.succeeded()).as("stderr: %s", err(run)).isTrue();
    assertThat(out(run)).isEqualTo("2000\nx");
    assertThat(out(again)).isEqualTo("still\n");
  }

  @Test
  void a_run_reads_the_paths_it_is_given_read_only() throws IOException {
    Path extra = Files.createDirectories(temp.resolve("jdk-like"));
    Files.writeString(extra.resolve("release"), "JAVA_VERSION=x\n");
    RunRequest request =
        new RunRequest(
            List.of("/bin/sh", "-c", "cat " + extra + "/release; touch " + extra + "/x || echo ro"),
            box,
            false,
            null,
            LIMITS,
            List.of(extra.toString()),
            Map.of());

    RunResult result = sandbox.run(request);

    assertThat(out(result)).isEqualTo("JAVA_VERSION=x\nro\n");
    assertThat(extra.resolve("x")).doesNotExist();
  }

  @Test
  void a_run_reads_a_single_host_file_it_is_given_under_etc() throws IOException {
    // why: a runtime's site-wide settings file, such as /etc/pylintrc, is one file in a directory
    // the sandbox otherwise keeps empty; it must appear at its place, read-only, and alone.
    Path file = Path.of("/etc/debian_version");
    assertThat(file).as("a plain file of the host under /etc").isRegularFile();
    RunRequest request =
        new RunRequest(
            List.of(
                "/bin/sh",
                "-c",
                "cat " + file + "; (echo x > " + file + ") 2>/dev/null || echo ro; ls /etc"),
            box,
            false,
            null,
            LIMITS,
            List.of(file.toString()),
            Map.of());

    RunResult result = sandbox.run(request);

    // why: Docker adds its own hostname, hosts, mtab and resolv.conf to every container's /etc.
    String etc =
        mode.docker()
            ? "debian_version\nhostname\nhosts\nld.so.cache\nmtab\nresolv.conf\n"
            : "debian_version\nld.so.cache\n";
    assertThat(out(result)).isEqualTo(Files.readString(file) + "ro\n" + etc);
  }

  @Test
  void sets_the_requested_environment_and_nothing_of_the_workers() {
    RunRequest request =
        new RunRequest(
            List.of("/usr/bin/env"), box, false, null, LIMITS, List.of(), Map.of("GREETING", "hi"));

    RunResult result = sandbox.run(request);

    assertThat(out(result).lines().sorted().toList())
        .containsExactly(
            "GREETING=hi",
            "HOME=/box",
            "LANG=C.UTF-8",
            "PATH=/usr/local/bin:/usr/bin:/bin",
            "PWD=/box",
            "TMPDIR=/tmp");
  }
}
