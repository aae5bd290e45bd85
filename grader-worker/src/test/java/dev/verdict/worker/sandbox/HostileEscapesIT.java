package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that try to reach what is not theirs: the network, the host's files, the worker's
 * configuration, another run, processes outside the sandbox. Each fails, and afterwards the same
 * sandbox runs an ordinary program correctly.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class HostileEscapesIT extends SandboxTestSupport {
  private static final String SECRET = "s3cret-worker-token";

  /** A world-readable file standing for the worker's configuration, outside every bind. */
  private Path workerConfig() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("worker-config"));
    Path config = dir.resolve("verdict.yaml");
    Files.writeString(config, "redis:\n  password: " + SECRET + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    return config;
  }

  @Test
  void tcp_to_the_hosts_loopback_and_name_resolution_fail() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String code =
          """
          import socket
          for target in [('127.0.0.1', %d), ('localhost', %d), ('example.com', 80)]:
              try:
                  socket.create_connection(target, timeout=3)
                  print('connected', target)
              except OSError:
                  pass
          print('done')
          """
              .formatted(server.getLocalPort(), server.getLocalPort());

      RunResult result = python(code, LIMITS);

      assertThat(out(result)).isEqualTo("done\n");
      // why: a connection the kernel completed would wait in the backlog; none may be there.
      server.setSoTimeout(1);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
      assertReported(result);
    }
    assertStillWorks();
  }

  @Test
  void reading_etc_shadow_fails() throws IOException {
    RunResult result = sh("cat /etc/shadow; cat /etc/passwd; echo end");

    assertThat(out(result)).isEqualTo("end\n");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void reading_the_workers_configuration_and_scratch_files_fails() throws IOException {
    Path config = workerConfig();
    Path scratchFile = temp.resolve("scratch-0").resolve("credentials");
    Files.writeString(scratchFile, SECRET + "\n");

    RunResult result =
        sh("cat " + config + " " + scratchFile + "; ls " + config.getParent() + "; echo end");

    assertThat(out(result)).isEqualTo("end\n");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void reading_another_concurrent_runs_work_directory_fails() throws Exception {
    Sandbox other = sandboxForSlot(1);
    Path otherBox = workDir(1, "other-box");
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<RunResult> holder =
          CompletableFuture.supplyAsync(
              () ->
                  other.run(
                      request(
                          List.of(
                              "/bin/sh",
                              "-c",
                              "echo "
                                  + SECRET
                                  + " > /box/answer; echo "
                                  + SECRET
                                  + " > /tmp/t;"
                                  + " while [ ! -e /box/release ]; do sleep 0.01; done"),
                          otherBox,
                          true,
                          Limits.limits().wallMs(30_000).build())),
              executor);
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(otherBox.resolve("answer")));

      RunResult snoop =
          sh(
              "cat "
                  + otherBox
                  + "/answer /box/../other-box/answer /proc/*/root/tmp/t /proc/*/cwd/answer"
                  + " 2>/dev/null; echo end");

      Files.writeString(otherBox.resolve("release"), "");
      RunResult held = holder.get(30, TimeUnit.SECONDS);
      assertThat(held.succeeded()).as("stderr: %s", err(held)).isTrue();
      assertThat(out(snoop)).isEqualTo("end\n");
      assertReported(snoop);
    } finally {
      executor.shutdownNow();
    }
    assertStillWorks();
  }

  @Test
  void links_to_host_files_planted_by_a_compile_step_show_nothing_of_them() throws IOException {
    Path config = workerConfig();
    RunResult plant =
        shWritable(
            "ln -s /etc/passwd /box/passwd; ln -s /etc/shadow /box/shadow; ln -s "
                + config
                + " /box/config; ln -s "
                + config.getParent()
                + " /box/config-dir; ln -s / /box/slash; echo planted");
    assertThat(out(plant)).isEqualTo("planted\n");
    assertThat(Files.isSymbolicLink(box.resolve("passwd"))).isTrue();

    RunResult read =
        sh(
            "cat /box/passwd /box/shadow /box/config /box/config-dir/verdict.yaml /box/slash"
                + config
                + " 2>/dev/null; echo end");
    RunResult again = shWritable("cat /box/passwd /box/config 2>/dev/null; echo end");

    assertThat(out(read)).isEqualTo("end\n");
    assertThat(out(again)).isEqualTo("end\n");
    assertReported(read);
    assertStillWorks();
  }

  @Test
  void a_link_to_proc_1_root_neither_escapes_nor_breaks_the_sandbox() throws IOException {
    RunResult plant = shWritable("ln -s /proc/1/root /box/root1; echo planted");
    assertThat(out(plant)).isEqualTo("planted\n");

    RunResult read = sh("ls /box/root1/ 2>/dev/null; echo end");

    assertThat(read.termination()).isEqualTo(Termination.EXITED);
    assertThat(out(read)).doesNotContain("junit").doesNotContain("root\n").endsWith("end\n");
    assertReported(read);
    assertStillWorks();
  }

  @Test
  void hard_links_to_files_outside_the_work_directory_cannot_be_made() throws IOException {
    RunResult result =
        shWritable(
            "ln /etc/passwd /box/passwd; ln /usr/bin/env /box/env; ln /proc/self/exe /box/exe;"
                + " echo end");

    assertThat(out(result)).isEqualTo("end\n");
    assertThat(box.resolve("passwd")).doesNotExist();
    assertThat(box.resolve("env")).doesNotExist();
    assertThat(box.resolve("exe")).doesNotExist();
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void writing_outside_the_work_directory_fails() throws IOException {
    RunResult result =
        sh(
            "for f in /usr/verdict-x /verdict-x /etc/verdict-x /etc/passwd /bin/verdict-x"
                + " /proc/1/root/verdict-x /dev/verdict-x; do echo x > $f 2>/dev/null && echo"
                + " wrote $f; done; echo end");

    assertThat(out(result)).isEqualTo("end\n");
    assertThat(Path.of("/usr/verdict-x")).doesNotExist();
    assertThat(Path.of("/verdict-x")).doesNotExist();
    assertThat(Path.of("/etc/verdict-x")).doesNotExist();
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void kill_minus_one_reaches_nothing_outside_the_sandbox() throws Exception {
    // why: a process of the very same uid on the host is what kill(-1) could reach without a PID
    // namespace.
    int uid = fixture.uid(0);
    Process canary =
        new ProcessBuilder(
                "/usr/bin/setpriv",
                "--reuid=" + uid,
                "--regid=" + uid,
                "--clear-groups",
                "/bin/sleep",
                "600")
            .start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> !HostProcesses.ofUid(uid).isEmpty());

      RunResult result = sh("kill -9 -1; echo survived");

      assertThat(out(result)).isEqualTo("survived\n");
      assertThat(canary.isAlive()).isTrue();
      assertThat(HostProcesses.isRunning(canary.pid())).isTrue();
      assertReported(result);
    } finally {
      canary.destroyForcibly();
      canary.waitFor();
    }
    assertStillWorks();
  }

  @Test
  void signals_to_the_sandboxs_init_reach_nothing_and_the_run_ends_as_usual() throws IOException {
    RunResult result =
        sh(
            "for s in STOP TERM INT HUP USR1 KILL; do kill -$s 1 2>/dev/null; done; echo alive; exit 3");

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(out(result)).isEqualTo("alive\n");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void sys_is_absent_and_the_kernels_log_cannot_be_read() {
    RunResult result =
        sh(
            "ls -A /sys 2>/dev/null | wc -l; dmesg 2>/dev/null | wc -l; ls /proc/sys/kernel/ >/dev/null"
                + " && echo proc-sys-readable; echo end");

    assertThat(out(result)).isEqualTo("0\n0\nproc-sys-readable\nend\n");
    assertReported(result);
  }
}
