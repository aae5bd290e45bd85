package dev.verdict.loadgen.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the CPU time of named processes of this machine from {@code /proc}, so a run can say what
 * each part of the system (API, dispatcher, broker, stores, worker) spent per graded submission. A
 * process's time is that of all its threads, user and system, not of its children; the machine's
 * busy share comes from {@code /proc/stat}.
 */
public final class ProcessWatch {
  private static final Path PROC = Path.of("/proc");
  private final Map<String, Long> pids;
  private final long ticksPerSecond;

  private ProcessWatch(Map<String, Long> pids, long ticksPerSecond) {
    this.pids = Collections.unmodifiableMap(new LinkedHashMap<>(pids));
    this.ticksPerSecond = ticksPerSecond;
  }

  /** Watches nothing. */
  public static ProcessWatch none() {
    return new ProcessWatch(Map.of(), 100);
  }

  /**
   * @param processes name to PID, or name to a PID file (a path whose first line is the PID)
   * @throws IllegalArgumentException naming the process when its PID cannot be read or it does not
   *     run
   */
  public static ProcessWatch of(Map<String, String> processes) {
    Map<String, Long> pids = new LinkedHashMap<>();
    processes.forEach((name, pid) -> pids.put(name, pid(name, pid)));
    return new ProcessWatch(pids, ticksPerSecond());
  }

  public boolean watchesAny() {
    return !pids.isEmpty();
  }

  /** The CPU times now. A process that has ended keeps its last reading out: it reads as absent. */
  public Snapshot sample() {
    Map<String, Long> ticks = new LinkedHashMap<>();
    pids.forEach(
        (name, pid) -> {
          try {
            ticks.put(name, ownTicks(Files.readString(PROC.resolve(pid + "/stat"))));
          } catch (IOException e) {
            // why: the process ended; the difference of this name is then left out.
          }
        });
    long[] machine = pids.isEmpty() ? new long[] {0, 0} : machineTicks();
    return new Snapshot(ticks, machine[0], machine[1]);
  }

  /** What each process and the machine spent between two snapshots. */
  public ProcessUse between(Snapshot first, Snapshot second) {
    Map<String, Double> cpuMs = new LinkedHashMap<>();
    first
        .ticks()
        .forEach(
            (name, before) -> {
              Long after = second.ticks().get(name);
              if (after != null) {
                cpuMs.put(name, (after - before) * 1000.0 / ticksPerSecond);
              }
            });
    long total = second.machineTotal() - first.machineTotal();
    double busy = total > 0 ? 100.0 * (second.machineBusy() - first.machineBusy()) / total : 0;
    return new ProcessUse(cpuMs, busy);
  }

  /** CPU clock ticks of a moment: per process, and the machine's busy and total ticks. */
  public record Snapshot(Map<String, Long> ticks, long machineBusy, long machineTotal) {}

  /** utime + stime of a {@code /proc/PID/stat} line, in clock ticks. */
  static long ownTicks(String stat) {
    // why: the command name may hold spaces and parentheses; the fields start after the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The machine's busy and total ticks from the first line of {@code /proc/stat}. */
  static long[] machineTicks(String cpuLine) {
    String[] fields = cpuLine.trim().split("\\s+");
    long total = 0;
    long idle = 0;
    for (int i = 1; i < fields.length; i++) {
      long value = Long.parseLong(fields[i]);
      // why: guest time is already counted in user time; columns 9 and 10 would count it twice.
      if (i <= 8) {
        total += value;
      }
      if (i == 4 || i == 5) {
        idle += value;
      }
    }
    return new long[] {total - idle, total};
  }

  private static long[] machineTicks() {
    try {
      return machineTicks(Files.readAllLines(PROC.resolve("stat")).getFirst());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long pid(String name, String value) {
    String text = value.strip();
    try {
      if (!text.chars().allMatch(Character::isDigit)) {
        text = Files.readString(Path.of(text), StandardCharsets.UTF_8).strip().split("\\s+")[0];
      }
      long pid = Long.parseLong(text);
      if (!Files.exists(PROC.resolve(pid + "/stat"))) {
        throw new IllegalArgumentException(name + ": no process " + pid + " runs");
      }
      return pid;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ": '" + value + "' is neither a PID nor a file holding one", e);
    }
  }

  /** USER_HZ, the unit of /proc's CPU times: 100 on every common Linux, asked from getconf. */
  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return getconf.waitFor() == 0 ? Long.parseLong(out.strip()) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
