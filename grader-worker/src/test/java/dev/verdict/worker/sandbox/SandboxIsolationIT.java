package dev.verdict.worker.sandbox;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a sandboxed program cannot see or reach: the host's users, namespaces, network, files and
 * processes. Each test asks from inside and checks the answer against the host's.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class SandboxIsolationIT extends SandboxTestSupport {

  @Test
  void runs_as_the_slots_own_unprivileged_uid_without_groups_or_capabilities() {
    Sandbox other = sandboxForSlot(1);
    String script = "id -u; id -g; id -G; grep -E '^Cap(Prm|Eff|Amb):' /proc/self/status";

    RunResult first = sh(script);
    RunResult second = other.run(request(List.of("/bin/sh", "-c", script), box, false, LIMITS));

    int uid = fixture.uid(0);
    assertThat(uid).isNotZero().isNotEqualTo(fixture.uid(1));
    assertThat(out(first))
        .isEqualTo(
            uid
                + "\n"
                + uid
                + "\n"
                + uid
                + "\n"
                + "CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
                + "CapAmb:\t0000000000000000\n");
    assertThat(out(second)).startsWith(fixture.uid(1) + "\n" + fixture.uid(1) + "\n");
  }

  /**
   * The namespaces a run gets new: pid, network, IPC, UTS, mount and cgroup, and user with some.
   */
  private List<String> newNamespaces() {
    return switch (mode.backend()) {
      // why: root builds this sandbox, so it needs no user namespace; the program runs as the
      // slot's unprivileged uid in the host's, and cannot make one of its own
      // (cannot_make_namespaces_of_its_own).
      case BUILTIN -> List.of("pid", "net", "ipc", "uts", "mnt", "cgroup");
      // why: bubblewrap is made for unprivileged callers and builds the sandbox in a user
      // namespace of its own.
      case BUBBLEWRAP -> List.of("pid", "net", "ipc", "uts", "mnt", "user", "cgroup");
      // why: the engine makes the container's namespaces (cgroup v1: it shares the host's cgroup
      // namespace, and /proc/self/cgroup shows the container's own cgroup path); every run of
      // the slot is in the same ones, which are emptied between runs.
      case DOCKER -> List.of("pid", "net", "ipc", "uts", "mnt");
    };
  }

  @Test
  void runs_in_its_own_pid_network_ipc_uts_mount_and_cgroup_namespaces() throws IOException {
    List<String> namespaces = newNamespaces();
    StringBuilder script = new StringBuilder();
    for (String ns : namespaces) {
      script.append("readlink /proc/self/ns/").append(ns).append(";");
    }
    script.append("hostname");

    RunResult result = sh(script.toString());

    List<String> inside = out(result).lines().toList();
    assertThat(inside).hasSize(namespaces.size() + 1);
    for (int i = 0; i < namespaces.size(); i++) {
      String host =
          Files.readSymbolicLink(Path.of("/proc/self/ns/" + namespaces.get(i))).toString();
      assertThat(inside.get(i))
          .as(namespaces.get(i))
          .startsWith(namespaces.get(i))
          .isNotEqualTo(host);
    }
    assertThat(inside.get(namespaces.size()))
        .isNotEqualTo(InetAddress.getLocalHost().getHostName());
  }

  @Test
  void cannot_make_namespaces_of_its_own() {
    RunResult result =
        sh(
            "unshare -U true 2>/dev/null && echo user; unshare -n true 2>/dev/null && echo net;"
                + " unshare -m true 2>/dev/null && echo mount; echo end");

    assertThat(out(result)).isEqualTo("end\n");
  }

  @Test
  void its_proc_shows_only_its_own_processes() {
    long workerPid = ProcessHandle.current().pid();

    RunResult result =
        sh(
            "ls /proc | grep -E '^[0-9]+$' | wc -l; test -e /proc/"
                + workerPid
                + "/environ"
                + " && cat /proc/"
                + workerPid
                + "/cmdline || echo no-worker");

    List<String> lines = out(result).lines().toList();
    assertThat(Integer.parseInt(lines.get(0).trim())).isBetween(1, 6);
    assertThat(lines.get(1)).isEqualTo("no-worker");
  }

  @Test
  void cannot_connect_to_a_port_listening_on_the_hosts_loopback() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String code =
          """
          import socket
          try:
              socket.create_connection(('127.0.0.1', %d), timeout=3)
              print('connected')
          except OSError as e:
              print('blocked', type(e).__name__)
          # why: the network namespace's interfaces, as the kernel lists them; a socket to ask
          # for them would be refused (SeccompPolicy allows Unix sockets only).
          with open('/proc/net/dev') as dev:
              print(sorted(line.split(':')[0].strip() for line in dev.readlines()[2:]))
          """
              .formatted(server.getLocalPort());

      RunResult result = python(code, LIMITS);

      assertThat(out(result)).startsWith("blocked").endsWith("['lo']\n");
    }
  }

  @Test
  void cannot_resolve_host_names() {
    String code =
        """
        import socket
        for name in ['localhost', 'example.com', 'verdict']:
            try:
                socket.getaddrinfo(name, 80)
                print(name, 'resolved')
            except OSError:
                print(name, 'unresolved')
        """;

    RunResult result = python(code, LIMITS);

    assertThat(out(result))
        .isEqualTo("localhost unresolved\nexample.com unresolved\nverdict unresolved\n");
  }

  @Test
  void system_directories_are_read_only() {
    RunResult result =
        sh(
            "for d in / /usr /usr/bin /bin /lib /etc /dev /proc /proc/sys; do"
                + " touch $d/verdict-probe 2>/dev/null && echo wrote $d; mkdir $d/verdict-dir"
                + " 2>/dev/null && echo made $d; done; echo checked");

    assertThat(out(result)).isEqualTo("checked\n");
    assertThat(Path.of("/usr/verdict-probe")).doesNotExist();
  }

  @Test
  void devices_are_the_hosts_usual_few_usable_by_the_program_and_dev_gets_no_more() {
    String script =
        """
        ls -A /dev
        stat -c '%n %F %a %t:%T' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty
        echo x > /dev/null && echo null swallows
        echo zero gives $(head -c 4 /dev/zero | od -An -tx1)
        echo random gives $(head -c 16 /dev/random | wc -c) $(head -c 16 /dev/urandom | wc -c)
        (echo x > /dev/full) 2>/dev/null || echo full refuses
        touch /dev/verdict-node 2>/dev/null || echo dev refuses
        """;

    RunResult result = sh(script);

    List<String> lines = out(result).lines().toList();
    assertThat(lines)
        .as("the host's own /dev holds these devices")
        .containsSubsequence("full", "null", "random")
        .contains("tty", "urandom", "zero")
        .endsWith(
            "/dev/null character special file 666 1:3",
            "/dev/zero character special file 666 1:5",
            "/dev/full character special file 666 1:7",
            "/dev/random character special file 666 1:8",
            "/dev/urandom character special file 666 1:9",
            "/dev/tty character special file 666 5:0",
            "null swallows",
            "zero gives 00 00 00 00",
            "random gives 16 16",
            "full refuses",
            "dev refuses");
  }

  @Test
  void tmp_and_dev_shm_are_writable_but_capped_at_the_tmp_size() {
    String script =
        """
        for d in /tmp /dev/shm; do
          head -c 12000000 /dev/zero > $d/fill 2>/dev/null
          echo $d $(stat -c %s $d/fill)
        done
        """;

    RunResult result = sh(script, Limits.limits().tmpMb(4).fileSizeKb(100_000).build());

    List<String> lines = out(result).lines().toList();
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      long size = Long.parseLong(line.split(" ")[1]);
      assertThat(size).as(line).isPositive().isLessThanOrEqualTo(4L * 1024 * 1024);
    }
  }

  @Test
  void sees_none_of_the_workers_files() throws IOException {
    Path config = Files.createDirectories(temp.resolve("worker-config")).resolve("verdict.yaml");
    Files.writeString(config, "rabbitmq:\n  password: s3cret\n");
    Path scratchSecret = temp.resolve("scratch-0").resolve("credentials");
    Files.writeString(scratchSecret, "token s3cret\n");

    RunResult result =
        sh(
            "cat "
                + config
                + " "
                + scratchSecret
                + " /etc/shadow /etc/passwd 2>/dev/null; ls "
                + temp
                + " 2>/dev/null; ls /etc; echo end");

    assertThat(out(result)).doesNotContain("s3cret").doesNotContain("root:").endsWith("end\n");
    assertThat(out(result)).doesNotContain("worker-config").doesNotContain("scratch");
  }

  @Test
  void is_pinned_to_its_slots_cpus() {
    Sandbox other = sandboxForSlot(1);
    String script = "grep Cpus_allowed_list /proc/self/status";

    RunResult first = sh(script);
    RunResult second = other.run(request(List.of("/bin/sh", "-c", script), box, false, LIMITS));

    assertThat(out(first)).isEqualTo("Cpus_allowed_list:\t" + fixture.cpus(0) + "\n");
    assertThat(out(second)).isEqualTo("Cpus_allowed_list:\t" + fixture.cpus(1) + "\n");
  }

  @Test
  void inherits_no_open_file_descriptor_besides_stdin_stdout_and_stderr() {
    String code =
        """
        import os
        open_fds = []
        for fd in range(3, 1024):
            try:
                os.fstat(fd)
                open_fds.append(fd)
            except OSError:
                pass
        print(open_fds)
        """;

    RunResult result = python(code, LIMITS);

    assertThat(out(result)).isEqualTo("[]\n");
  }

  @Test
  void nothing_of_the_workers_data_directory_shows_in_mountinfo_stdin_or_pid_1()
      throws IOException {
    Path data = Files.createDirectories(temp.resolve("verdict-data"));
    String sha = "ab".repeat(32);
    Path input = Files.createDirectories(data.resolve("cache")).resolve(sha);
    Files.writeString(input, "3 4\n");
    String script =
        "cat /proc/self/mountinfo; readlink /proc/self/fd/0; tr '\\0' ' ' < /proc/1/cmdline;"
            + " tr '\\0' ' ' < /proc/1/environ 2>/dev/null; echo; tr '\\0' ' ' < /proc/$$/environ;"
            + " for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done;"
            + " read a b; echo sum $((a + b))";
    try (WorkArea area = WorkArea.mount(data.resolve("runs"), 16L << 20, 1_024)) {
      Path dir = slotsDirectoryOn(area);

      for (boolean compileStep : List.of(false, true)) {
        RunResult result = shWithInput(script, dir, compileStep, input);

        assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
        assertThat(out(result))
            .as("compile step: %s", compileStep)
            .contains("sum 7\n")
            .contains(" /box ")
            .doesNotContain(temp.toString())
            .doesNotContain("verdict-data")
            .doesNotContain(sha.substring(0, 16))
            .doesNotContain("--ro-bind")
            .doesNotContain("--seccomp")
            .doesNotContain("VERDICT_")
            .doesNotContain("JAVA_HOME=");
      }
    }
  }

  @Test
  void an_interactive_runs_pipes_show_no_host_path() throws Exception {
    assertThat(sandbox.showsPipes()).isTrue();
    Path data = Files.createDirectories(temp.resolve("verdict-data"));
    String script =
        "exec < /pipes/to-submission > /pipes/to-validator;"
            + " fds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1); echo \"$fds\" >&2; cat /proc/self/mountinfo >&2;"
            + " read a b; echo sum $((a + b))";
    try (WorkArea area = WorkArea.mount(data.resolve("runs"), 16L << 20, 1_024)) {
      Path dir = slotsDirectoryOn(area);
      Path pipes = Files.createDirectory(area.dir().resolve("pipes"));
      Path in = pipes.resolve("to-submission");
      Path out = pipes.resolve("to-validator");
      Process mkfifo =
          new ProcessBuilder("mkfifo", "-m", "666", in.toString(), out.toString())
              .inheritIO()
              .start();
      assertThat(mkfifo.waitFor()).isZero();
      // why: held open for reading and writing, as the worker holds them, so that no open blocks.
      try (FileChannel toProgram = FileChannel.open(in, READ, WRITE);
          FileChannel fromProgram = FileChannel.open(out, READ, WRITE)) {
        toProgram.write(ByteBuffer.wrap("3 4\n".getBytes(StandardCharsets.US_ASCII)));

        RunResult result =
            sandbox.run(
                new RunRequest(
                    List.of("/bin/sh", "-c", script),
                    dir,
                    false,
                    null,
                    LIMITS,
                    List.of(),
                    Map.of(),
                    pipes));

        assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
        ByteBuffer answer = ByteBuffer.allocate(6);
        while (answer.hasRemaining()) {
          fromProgram.read(answer);
        }
        assertThat(new String(answer.array(), StandardCharsets.US_ASCII)).isEqualTo("sum 7\n");
        assertThat(err(result))
            .contains("/pipes/to-submission\n/pipes/to-validator\n")
            .contains(" /pipes ")
            .doesNotContain(temp.toString())
            .doesNotContain("verdict-data");
      }
    }
  }
}
