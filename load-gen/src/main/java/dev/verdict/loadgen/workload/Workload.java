package dev.verdict.loadgen.workload;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A weighted mix of submissions. {@link #pick} draws an entry with probability proportional to its
 * weight.
 */
public record Workload(String name, List<WorkloadEntry> entries) {

  public Workload {
    if (entries == null || entries.isEmpty()) {
      throw new WorkloadException("workload " + name + " has no entries");
    }
    entries = List.copyOf(entries);
  }

  public double totalWeight() {
    return entries.stream().mapToDouble(WorkloadEntry::weight).sum();
  }

  /** Draws one entry; {@code random} is the caller's own (not shared between threads). */
  public WorkloadEntry pick(Random random) {
    if (entries.size() == 1) {
      return entries.get(0);
    }
    double point = random.nextDouble() * totalWeight();
    for (WorkloadEntry entry : entries) {
      point -= entry.weight();
      if (point < 0) {
        return entry;
      }
    }
    return entries.get(entries.size() - 1);
  }

  /** E.g. {@code python-sum (weight 9), tle (weight 1)}. */
  public String describe() {
    return entries.stream()
        .map(e -> e.label() + " (weight " + trim(e.weight()) + ")")
        .collect(Collectors.joining(", "));
  }

  private static String trim(double weight) {
    return weight == Math.rint(weight)
        ? Long.toString((long) weight)
        : String.format(java.util.Locale.ROOT, "%.3f", weight);
  }
}
