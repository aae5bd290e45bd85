package dev.verdict.common.problem;

/**
 * The version of the Kattis/ICPC problem package format a package is written in: {@code
 * problem_format_version} in problem.yaml decides (docs/problems.md §2).
 */
public enum FormatVersion {
  /** No {@code problem_format_version}, or {@code legacy}. */
  LEGACY,
  /** {@code 2023-07-draft}, or its alias {@code 2023-07}. */
  V2023_07;

  /**
   * The version a {@code problem_format_version} value names.
   *
   * @throws ProblemPackageException naming the value when Verdict does not support it
   */
  static FormatVersion of(String value) {
    if (value == null || value.equals("legacy")) {
      return LEGACY;
    }
    if (value.equals("2023-07-draft") || value.equals("2023-07")) {
      return V2023_07;
    }
    throw ProblemPackageException.inFile(
        ProblemYaml.FILE,
        "problem_format_version '"
            + value
            + "' is not supported (legacy, 2023-07-draft; "
            + (value.equals("legacy-icpc") ? "legacy-icpc has other defaults" : "see docs")
            + ")");
  }
}
