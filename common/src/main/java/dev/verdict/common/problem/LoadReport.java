package dev.verdict.common.problem;

import java.util.List;

/**
 * What loading a folder of problem packages did.
 *
 * @param loaded the problems loaded, in id order
 * @param skipped the packages that could not be used, in folder order
 */
public record LoadReport(List<ProblemVersion> loaded, List<Skipped> skipped) {

  /**
   * A package left out.
   *
   * @param folder the package's folder name
   * @param reason why, naming the file at fault
   */
  public record Skipped(String folder, String reason) {}

  public LoadReport {
    loaded = List.copyOf(loaded);
    skipped = List.copyOf(skipped);
  }
}
