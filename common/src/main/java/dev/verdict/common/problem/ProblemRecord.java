package dev.verdict.common.problem;

import java.util.List;

/**
 * A problem as the store keeps it, apart from its versions' content: which version is current,
 * whether it is hidden from new submissions, and every version it ever had.
 *
 * @param versions every version, oldest first
 */
public record ProblemRecord(
    String id, String name, String currentVersion, boolean hidden, List<VersionEntry> versions) {

  /**
   * One version of the problem.
   *
   * @param uploadedAt when it was first stored, epoch milliseconds
   */
  public record VersionEntry(String version, long uploadedAt, int tests) {}

  public ProblemRecord {
    versions = List.copyOf(versions);
  }
}
