package dev.verdict.workerbench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.blob.BlobNotFoundException;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.loadgen.workload.SourceFileSpec;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import dev.verdict.loadgen.workload.Workloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselineTasksTest {
  private static final Path PROBLEMS = Path.of("..", "examples", "problems");

  private final MemoryBlobs blobs = new MemoryBlobs();
  private final ProblemVersion sum = ProblemPackageLoader.read(PROBLEMS.resolve("sum"), blobs::put);

  @Test
  void aSubmissionBecomesTheTaskTheDispatcherWouldPublish() {
    Workload mix = Workloads.resolve("python-sum");
    WorkloadEntry entry = mix.entries().getFirst();
    BaselineTasks tasks = new BaselineTasks(mix, Map.of("sum", sum), blobs, 64 * 1024);

    GradingTask task = tasks.next(entry);

    assertThat(task.problemId()).isEqualTo("sum");
    assertThat(task.problemVersion()).isEqualTo(sum.version());
    assertThat(task.language()).isEqualTo(entry.language());
    assertThat(task.tests()).isEqualTo(sum.tests());
    assertThat(task.limits()).isEqualTo(sum.limits());
    assertThat(task.checker()).isEqualTo(sum.checker());
    assertThat(task.stopOnFailure()).isEqualTo(sum.stopOnFailure());
    SourceFile file = task.files().getFirst();
    String content = entry.files().getFirst().content();
    assertThat(file.content()).as("inline, as the API sends small files").isEqualTo(content);
    assertThat(file.sha256()).isEqualTo(Sha256.hex(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void everyFileTheWorkerMayFetchIsInTheBlobSource() {
    Workload mix = Workloads.resolve("python-sum");
    GradingTask task =
        new BaselineTasks(mix, Map.of("sum", sum), blobs, 64 * 1024).next(mix.entries().getFirst());

    for (TestCase test : task.tests()) {
      assertThat(Sha256.hex(blobs.get(test.inputSha256()))).isEqualTo(test.inputSha256());
      assertThat(Sha256.hex(blobs.get(test.answerSha256()))).isEqualTo(test.answerSha256());
    }
    assertThat(blobs.get(task.files().getFirst().sha256())).isNotEmpty();
  }

  @Test
  void aFileAboveTheInlineLimitTravelsByIdOnly() {
    WorkloadEntry entry =
        new WorkloadEntry(
            "big",
            1,
            "sum",
            "python3",
            List.of(new SourceFileSpec("main.py", "print(1)\n".repeat(100))),
            Set.of());
    Workload mix = new Workload("big", List.of(entry));

    SourceFile file =
        new BaselineTasks(mix, Map.of("sum", sum), blobs, 100).next(entry).files().getFirst();

    assertThat(file.content()).isNull();
    assertThat(new String(blobs.get(file.sha256()), StandardCharsets.UTF_8))
        .isEqualTo("print(1)\n".repeat(100));
  }

  @Test
  void everySubmissionHasItsOwnId() {
    Workload mix = Workloads.resolve("python-sum");
    WorkloadEntry entry = mix.entries().getFirst();
    BaselineTasks tasks = new BaselineTasks(mix, Map.of("sum", sum), blobs, 64 * 1024);

    assertThat(tasks.next(entry).submissionId()).isNotEqualTo(tasks.next(entry).submissionId());
  }

  @Test
  void aMissingFileIsNotFound() {
    assertThatThrownBy(() -> blobs.get(Sha256.hex(new byte[] {1, 2, 3})))
        .isInstanceOf(BlobNotFoundException.class);
  }
}
