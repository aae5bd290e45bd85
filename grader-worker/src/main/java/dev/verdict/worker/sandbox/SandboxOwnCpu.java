package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU time a running sandbox's own processes have used so far, read from {@code
 * /proc/PID/schedstat}: the part of the run cgroup's counter that is not the program's while the
 * run goes on. At the end the native launcher reports the same figure (it reads the processes'
 * clocks while they are zombies, with the same bound), so these are used only mid-run, when the
 * CPU-time limit may have been reached.
 */
final class SandboxOwnCpu {
  /** Keep in step with OWN_CPU_INIT_BOUND in grader-worker/src/main/c/launch.c. */
  static final int INIT_BOUND = 3;

  private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*(\\d+)");

  private SandboxOwnCpu() {}

  /**
   * Bubblewrap's monitor (the init's parent, while it lives) and its init (the {@code child-pid} of
   * the status file), the init's counted up to {@value #INIT_BOUND} times the monitor's; 0 before
   * bubblewrap started its init or once its monitor is gone.
   *
   * <p>Why the bound: the program shares the init's PID namespace and uid and can make it work for
   * it (tearing down many files the program left; tracing it is refused by the seccomp policy),
   * while the monitor is outside its reach; building and tearing down the sandbox costs the init
   * 1.2 to 1.6 times what it costs the monitor, so the bound leaves a program at most a few
   * milliseconds to hide.
   */
  static long ofBubblewrap(RunFiles files) {
    long init = childPid(files.status());
    if (init <= 0) {
      return 0;
    }
    String stat = read(Path.of("/proc", Long.toString(init), "stat"));
    int end = stat.lastIndexOf(')');
    String[] fields = end > 0 ? stat.substring(end + 2).split(" ") : new String[0];
    long parent = fields.length > 1 ? parseLong(fields[1]) : -1;
    // why: after the monitor exited, the init's parent is the launcher, which is not the run's.
    if (parent <= 0 || !"bwrap".equals(read(Path.of("/proc", Long.toString(parent), "comm")))) {
      return 0;
    }
    long monitor = runtime(parent);
    return monitor + Math.min(runtime(init), INIT_BOUND * monitor);
  }

  /**
   * The built-in sandbox's init, whole while the run goes on: it runs as root, out of the program's
   * reach, and is the sandbox's only process; 0 before the launcher started it. (Its exit, which
   * frees what the program left, is bounded by the launcher at the end.)
   */
  static long ofBuiltinInit(RunFiles files) {
    long init = childPid(files.status());
    return init <= 0 ? 0 : runtime(init);
  }

  private static long childPid(Path status) {
    Matcher m = CHILD_PID.matcher(read(status));
    return m.find() ? parseLong(m.group(1)) : -1;
  }

  /** The time the process ran on a CPU, its own only; 0 when the kernel does not say. */
  private static long runtime(long pid) {
    String schedstat = read(Path.of("/proc", Long.toString(pid), "schedstat"));
    int space = schedstat.indexOf(' ');
    return space > 0 ? Math.max(0, parseLong(schedstat.substring(0, space))) : 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
