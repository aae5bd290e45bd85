package dev.verdict.workerbench.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One reading of where the machine's CPU time went, in clock ticks, from /proc: the machine as a
 * whole, this JVM, the JVM's live children (the slots' spawners) with what they reaped (the runs),
 * and the kernel's own threads (kworkers, RCU, ...), which do work for a process but are counted to
 * none: freeing a cgroup, a namespace, a mount. Two readings subtracted give each part's share.
 *
 * @param machineBusy every CPU's time in user, system and interrupt work (/proc/stat; idle, I/O
 *     wait and the hypervisor's steal left out)
 * @param softIrq the part of {@code machineBusy} spent in interrupts and soft interrupts
 * @param jvm this JVM's own CPU time
 * @param jvmReaped what the JVM's reaped children used (runs outside any sandbox)
 * @param spawners the spawners' own CPU time
 * @param spawnersReaped what the spawners reaped: each run's launcher, init and program
 * @param kernelThreads the kernel threads' CPU time (children of kthreadd)
 */
record CpuTicks(
    long machineBusy,
    long softIrq,
    long jvm,
    long jvmReaped,
    long spawners,
    long spawnersReaped,
    long kernelThreads) {

  /** A reading now. */
  static CpuTicks now() {
    long[] machine = machine();
    long[] jvm = ownAndReaped(ProcessHandle.current().pid());
    long spawners = 0;
    long spawnersReaped = 0;
    for (ProcessHandle child : ProcessHandle.current().children().toList()) {
      long[] ticks = ownAndReaped(child.pid());
      spawners += ticks[0];
      spawnersReaped += ticks[1];
    }
    return new CpuTicks(
        machine[0], machine[1], jvm[0], jvm[1], spawners, spawnersReaped, kernelThreadTicks());
  }

  /** This reading less an earlier one. */
  CpuTicks minus(CpuTicks before) {
    return new CpuTicks(
        machineBusy - before.machineBusy,
        softIrq - before.softIrq,
        jvm - before.jvm,
        jvmReaped - before.jvmReaped,
        spawners - before.spawners,
        spawnersReaped - before.spawnersReaped,
        kernelThreads - before.kernelThreads);
  }

  /** What no part above accounts for: other processes of the machine, and the unattributed. */
  long rest() {
    return machineBusy - softIrq - jvm - jvmReaped - spawners - spawnersReaped - kernelThreads;
  }

  /** busy and interrupt ticks of all CPUs, from the first line of /proc/stat. */
  private static long[] machine() {
    String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
    // why: "cpu user nice system idle iowait irq softirq steal ..."; steal is the hypervisor's.
    long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
    return new long[] {
      Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + irq, irq
    };
  }

  /** utime + stime and cutime + cstime of a process; zeros when it is gone. */
  private static long[] ownAndReaped(long pid) {
    List<String> f = fields(pid);
    if (f == null) {
      return new long[2];
    }
    // why: fields after the command's closing parenthesis, the first being field 3 (state).
    return new long[] {
      Long.parseLong(f.get(11)) + Long.parseLong(f.get(12)),
      Long.parseLong(f.get(13)) + Long.parseLong(f.get(14))
    };
  }

  private static long kernelThreadTicks() {
    long sum = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        List<String> f = fields(pid);
        // why: kthreadd is pid 2 and the parent (field 4) of every other kernel thread.
        if (f != null && (pid == 2 || f.get(1).equals("2"))) {
          sum += Long.parseLong(f.get(11)) + Long.parseLong(f.get(12));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e, e);
    }
    return sum;
  }

  /** The fields of /proc/PID/stat after the command; null when the process is gone. */
  private static List<String> fields(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
    return List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" "));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e, e);
    }
  }
}
