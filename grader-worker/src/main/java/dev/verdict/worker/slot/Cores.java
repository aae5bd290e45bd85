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
   * The cores for the slots: {@code count} of the allowed ones (0 = all), skipping the first {@code
   * reserve} for the control plane.
   *
   * @throws IllegalArgumentException when fewer cores are allowed than asked for
   */
  public static List<Integer> choose(List<Integer> allowed, int count, int reserve) {
    if (reserve >= allowed.size()) {
      throw new IllegalArgumentException(
          "cannot reserve "
              + reserve
              + " of "
              + allowed.size()
              + " cores and keep one for grading");
    }
    List<Integer> usable = allowed.subList(reserve, allowed.size());
    if (count == 0) {
      return List.copyOf(usable);
    }
    if (count > usable.size()) {
      throw new IllegalArgumentException(
          "asked for "
              + count
              + " slots but only "
              + usable.size()
              + " cores are usable "
              + usable);
    }
    return List.copyOf(usable.subList(0, count));
  }
}
