package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options that describe one run's sandbox, in bubblewrap's terms: {@link BubblewrapSandbox}
 * passes them to bubblewrap, {@link BuiltinSandbox} to the native launcher, which takes the same
 * options with the same meaning.
 *
 * <p>Inside, the program sees: /usr and the root symlinks or directories into it, read-only;
 * /etc/ld.so.cache and the request's read-only paths; its own /proc (its PID namespace only); a
 * minimal read-only /dev with size-capped tmpfs /dev/shm; a size-capped tmpfs /tmp; /box, the work
 * directory (read-only for a test run, writable for a compile step). The rest of the root is an
 * empty read-only tmpfs: /etc has nothing else, and nothing of the host's files, the worker's
 * configuration or other runs exists there.
 */
final class BubblewrapOptions {
  private static final List<String> ROOT_ENTRIES =
      List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");

  private final boolean inSlotNetwork;
  private final List<String> rootMounts;

  /**
   * @param inSlotNetwork whether runs enter the slot's network namespace (so the sandbox makes
   *     none), rather than getting a new one each
   */
  BubblewrapOptions(boolean inSlotNetwork) {
    this.inSlotNetwork = inSlotNetwork;
    this.rootMounts = rootMounts();
  }

  /** Bubblewrap's options for one run, then {@code --} and the run's command. */
  List<String> forRun(RunRequest request) {
    List<String> cmd = new ArrayList<>();
    // why: in the slot's own network namespace (empty, loopback down, owned by the host's user
    // namespace so nothing in the sandbox may configure it) a run is as cut off as in a fresh one,
    // without the cost of creating and destroying a network namespace per run.
    cmd.addAll(
        inSlotNetwork
            ? List.of(
                "--unshare-user",
                "--unshare-ipc",
                "--unshare-pid",
                "--unshare-uts",
                "--unshare-cgroup")
            : List.of("--unshare-all", "--unshare-user"));
    // why: --die-with-parent kills bubblewrap's init when its monitor exits, which is as soon as
    // the program's first process ends, and with the init every process of its PID namespace:
    // what a run that ends with its program asks for. Without it the init waits for every process
    // of its namespace (a child still printing its answer); the launcher adopts and waits for the
    // init, the run's cgroups are killed at a limit, and the slot's cgroups when the worker stops.
    // The built-in sandbox reads the option the same way.
    if (request.endsWithProgram()) {
      cmd.add("--die-with-parent");
    }
    cmd.addAll(
        List.of(
            "--disable-userns",
            "--new-session",
            "--hostname",
            "verdict",
            "--ro-bind",
            "/usr",
            "/usr"));
    cmd.addAll(rootMounts);
    cmd.addAll(List.of("--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"));
    String tmpBytes = Long.toString(request.limits().tmpMb() * 1024L * 1024L);
    cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    cmd.addAll(List.of("--size", tmpBytes, "--tmpfs", "/dev/shm"));
    cmd.addAll(List.of("--size", tmpBytes, "--tmpfs", "/tmp"));
    // why: after /tmp, so that a read-only path below /tmp is not hidden under the fresh tmpfs.
    for (String path : request.readOnlyPaths()) {
      if (!path.isEmpty() && !Path.of(path).startsWith("/usr")) {
        cmd.addAll(List.of("--ro-bind", path, path));
      }
    }
    // why: the work directory as a whole, one mount whatever it holds (a program that makes
    // thousands of files, a Java program of a thousand classes, still gets its runs), read-only for
    // a test run so that no run changes what the next one sees. A symbolic link in it is resolved
    // inside the sandbox, never on the host. On the slot's work area (WorkArea) the bind shows only
    // the directory's name on that tmpfs in /proc/self/mountinfo, no host path.
    cmd.addAll(
        List.of(
            request.writableWorkDir() ? "--bind" : "--ro-bind",
            request.workDir().toString(),
            "/box"));
    // why: an interactive run's pipes at a fixed place, so that neither /proc/self/mountinfo nor
    // the program's standard input and output (opened inside, through this path) show the host's
    // path to them; on the slot's work area the bind shows only their directory's path there.
    if (request.pipes() != null) {
      cmd.addAll(List.of("--ro-bind", request.pipes().toString(), RunRequest.PIPES));
    }
    // why: bubblewrap's root and /dev are tmpfs owned by the sandbox user; left writable they
    // would be unbounded scratch space outside the size-capped /tmp and /box (and /etc a place to
    // plant files). Their submounts (/tmp, /box, /dev/shm, /dev/null...) stay as they are.
    cmd.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
    cmd.addAll(
        List.of(
            "--chdir",
            "/box",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/local/bin:/usr/bin:/bin",
            "--setenv",
            "HOME",
            "/box",
            "--setenv",
            "TMPDIR",
            "/tmp",
            "--setenv",
            "LANG",
            "C.UTF-8"));
    request.env().forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
    // why: the launcher opens the sandbox's seccomp filter (SeccompPolicy) as fd 8.
    cmd.addAll(List.of("--json-status-fd", "3", "--seccomp", "8", "--"));
    cmd.addAll(request.command());
    return cmd;
  }

  /** /bin, /lib and friends: symlinks into /usr on merged-/usr systems, else read-only binds. */
  private static List<String> rootMounts() {
    List<String> mounts = new ArrayList<>();
    for (String entry : ROOT_ENTRIES) {
      Path path = Path.of(entry);
      try {
        if (Files.isSymbolicLink(path)) {
          mounts.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), entry));
        } else if (Files.isDirectory(path)) {
          mounts.addAll(List.of("--ro-bind", entry, entry));
        }
      } catch (IOException e) {
        throw new SandboxException("cannot inspect " + entry + ": " + e, false, e);
      }
    }
    return List.copyOf(mounts);
  }
}
