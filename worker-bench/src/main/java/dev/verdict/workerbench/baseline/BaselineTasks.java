package dev.verdict.workerbench.baseline;

import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.loadgen.workload.SourceFileSpec;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workload's submissions as the system turns them into grading tasks: each file stored under
 * its SHA-256 and inlined up to {@code api.inlineFileBytes} (as the API does), a {@link
 * SubmissionQueued} against the problem version, and {@link ProblemVersion#taskFor} (as the
 * dispatcher does). Thread-safe.
 */
final class BaselineTasks {
  private final Map<String, ProblemVersion> problems;
  private final Map<WorkloadEntry, List<SourceFile>> files = new HashMap<>();
  private final AtomicLong counter = new AtomicLong();

  /**
   * @param problems the problem versions by id; every entry's problem must be there
   * @param blobs where the submitted files are stored, for those not inlined
   */
  BaselineTasks(
      Workload mix, Map<String, ProblemVersion> problems, MemoryBlobs blobs, int inlineFileBytes) {
    this.problems = Map.copyOf(problems);
    for (WorkloadEntry entry : mix.entries()) {
      if (!problems.containsKey(entry.problem())) {
        throw new IllegalArgumentException(
            entry.label() + ": problem " + entry.problem() + " was not read");
      }
      List<SourceFile> sources = new ArrayList<>();
      for (SourceFileSpec file : entry.files()) {
        byte[] content = file.content().getBytes(StandardCharsets.UTF_8);
        String inline = content.length <= inlineFileBytes ? file.content() : null;
        sources.add(new SourceFile(file.name(), blobs.put(content), content.length, inline));
      }
      files.put(entry, List.copyOf(sources));
    }
  }

  /** A new submission of {@code entry}, with an id of its own, as the task a worker receives. */
  GradingTask next(WorkloadEntry entry) {
    ProblemVersion problem = problems.get(entry.problem());
    SubmissionQueued submission =
        new SubmissionQueued(
            SubmissionQueued.VERSION,
            "baseline-" + counter.incrementAndGet(),
            problem.problemId(),
            problem.version(),
            entry.language(),
            files.get(entry),
            System.currentTimeMillis(),
            null);
    return problem.taskFor(submission);
  }
}
