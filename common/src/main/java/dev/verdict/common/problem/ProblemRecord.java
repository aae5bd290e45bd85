package dev.verdict.common.problem;

import java.util.List;

/**
 * A problem as the store keeps it, apart from its versions' content: which version is current,
 * whether it is hidden from new submissions, and every version it ever had.
 *
 * @param versions every version, oldest first
 * @param revealsFirstFailingTest whether submitters are told the name of the first secret test they
 *     failed (a setting of the problem, not of a version; off unless staff turn it on)
 */
public record ProblemRecord(
    String id,
    String name,
    String currentVersion,
    boolean hidden,
    List<VersionEntry> versions,
    boolean revealsFirstFailingTest) {

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
