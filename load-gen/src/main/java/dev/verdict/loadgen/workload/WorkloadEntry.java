package dev.verdict.loadgen.workload;

import dev.verdict.common.message.Verdict;
import java.util.List;
import java.util.Set;

/**
 * One kind of submission in a workload mix.
 *
 * @param label names the entry in reports, e.g. {@code python-sum} or {@code hostile/fork-bomb}
 * @param weight relative frequency in the mix, positive
 * @param problem the problem id, e.g. {@code sum}
 * @param language the language name, e.g. {@code python3}
 * @param files the submitted files
 * @param expect the verdicts this submission may legitimately end with; any other is counted as an
 *     unexpected verdict
 */
public record WorkloadEntry(
    String label,
    double weight,
    String problem,
    String language,
    List<SourceFileSpec> files,
    Set<Verdict> expect) {

  public WorkloadEntry {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new WorkloadException(label + ": weight must be a positive number, was " + weight);
    }
    if (problem == null || problem.isBlank()) {
      throw new WorkloadException(label + ": problem is required");
    }
    if (language == null || language.isBlank()) {
      throw new WorkloadException(label + ": language is required");
    }
    if (files == null || files.isEmpty()) {
      throw new WorkloadException(label + ": at least one file is required");
    }
    files = List.copyOf(files);
    expect = expect == null || expect.isEmpty() ? Set.of(Verdict.ACCEPTED) : Set.copyOf(expect);
  }

  public boolean expected(Verdict verdict) {
    return expect.contains(verdict);
  }

  /** The same entry with another label and weight, for expanding a built-in reference. */
  WorkloadEntry relabel(String newLabel, double newWeight) {
    return new WorkloadEntry(newLabel, newWeight, problem, language, files, expect);
  }
}
