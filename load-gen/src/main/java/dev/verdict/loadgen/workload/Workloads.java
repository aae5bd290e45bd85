package dev.verdict.loadgen.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@code --workload} value into a {@link Workload}. */
public final class Workloads {
  private Workloads() {}

  /**
   * @param spec a YAML file ({@code *.yaml}, {@code *.yml} or any existing file), or built-ins as
   *     {@code name[:weight][,name[:weight]...]}, e.g. {@code python-sum:9,tle:1}
   * @throws WorkloadException saying what is wrong with the file or which name is unknown
   */
  public static Workload resolve(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new WorkloadException("--workload is empty: name a built-in or a YAML file");
    }
    String trimmed = spec.trim();
    Path path = Path.of(trimmed);
    if (trimmed.endsWith(".yaml") || trimmed.endsWith(".yml") || Files.isRegularFile(path)) {
      return WorkloadFile.read(path);
    }
    List<WorkloadEntry> entries = new ArrayList<>();
    for (String part : trimmed.split(",")) {
      String item = part.trim();
      int colon = item.indexOf(':');
      String name = colon < 0 ? item : item.substring(0, colon);
      double weight = 1;
      if (colon >= 0) {
        try {
          weight = Double.parseDouble(item.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new WorkloadException(
              "--workload " + item + ": the weight after ':' must be a number", e);
        }
      }
      entries.addAll(expand(BuiltInWorkloads.get(name), weight));
    }
    return new Workload(trimmed, entries);
  }

  /**
   * A built-in's entries sharing {@code weight} in proportion to their own weights; a single-entry
   * built-in keeps its name as label.
   */
  static List<WorkloadEntry> expand(Workload builtIn, double weight) {
    if (!(weight > 0)) {
      throw new WorkloadException(
          builtIn.name() + ": weight must be a positive number, was " + weight);
    }
    double total = builtIn.totalWeight();
    return builtIn.entries().stream()
        .map(e -> e.relabel(e.label(), weight * e.weight() / total))
        .toList();
  }
}
