package dev.verdict.worker.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which CPU cores this process may use, and which of them its slots take. */
public final class Cores {
  private Cores() {}

  /** The cores in this process's affinity mask (Cpus_allowed_list of /proc/self/status). */
  public static List<Integer> allowed() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return parseList(line.substring("Cpus_allowed_list:".length()).trim());
        }
      }
    } catch (IOException e) {
      // why: without /proc, fall back to counting processors from 0.
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      all.add(i);
    }
    return all;
  }

  /** Parses a kernel CPU list such as {@code 0-3,6,8-9}. */
  public static List<Integer> parseList(String list) {
    List<Integer> cores = new ArrayList<>();
    for (String part : list.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      for (int c = from; c <= to; c++) {
        cores.add(c);
      }
    }
    return cores;
  }

  /**
   * The cores slots may use: the allowed ones without the first {@code reserve}, which are left to
   * the control plane.
   *
   * @throws IllegalArgumentException when no core would be left for grading
   */
  public static List<Integer> usable(List<Integer> allowed, int reserve) {
    if (reserve >= allowed.size()) {
      throw new IllegalArgumentException(
          "cannot reserve "
              + reserve
              + " of "
              + allowed.size()
              + " cores and keep one for grading");
    }
    return List.copyOf(allowed.subList(reserve, allowed.size()));
  }

  /** How many slots to start: {@code count}, or every usable core when it is 0. */
  public static int wanted(List<Integer> usable, int count) {
    if (count > usable.size()) {
      throw new IllegalArgumentException(
          "asked for "
              + count
              + " slots but only "
              + usable.size()
              + " cores are usable "
              + usable);
    }
    return count == 0 ? usable.size() : count;
  }

  /** The machine's identity for core leases: /etc/machine-id, else the host name. */
  public static String hostId() {
    for (String file : List.of("/etc/machine-id", "/proc/sys/kernel/hostname")) {
      try {
        String id = Files.readString(Path.of(file)).trim();
        if (!id.isEmpty()) {
          return id;
        }
      } catch (IOException e) {
        // why: try the next source.
      }
    }
    return "localhost";
  }
}
