package dev.verdict.loadgen.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.message.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadFileTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void aFileMixesBuiltInsInlineSourcesAndSourcesReadFromDisk() throws IOException {
    Files.writeString(dir.resolve("sum.c"), "int main(void) { return 0; }\n");
    Path file =
        write(
            "mix.yaml",
            """
            name: lab
            entries:
              - weight: 6
                builtin: python-sum
              - weight: 3
                builtin: hostile
              - weight: 1
                label: c-from-disk
                problem: sum
                language: c
                expect: [ACCEPTED, WRONG_ANSWER]
                files:
                  - name: main.c
                    path: sum.c
              - problem: reverse
                language: python3
                files:
                  - name: main.py
                    content: "print(input()[::-1])"
            """);

    Workload workload = Workloads.resolve(file.toString());

    assertThat(workload.name()).isEqualTo("lab");
    assertThat(workload.entries())
        .extracting(WorkloadEntry::label)
        .containsExactly(
            "python-sum",
            "hostile/fork-bomb",
            "hostile/memory-hog",
            "hostile/stdout-flood",
            "c-from-disk",
            "reverse/python3");
    assertThat(workload.entries())
        .extracting(WorkloadEntry::weight)
        .containsExactly(6.0, 1.0, 1.0, 1.0, 1.0, 1.0);
    WorkloadEntry fromDisk = workload.entries().get(4);
    assertThat(fromDisk.files().get(0).content()).contains("int main");
    assertThat(fromDisk.expect()).containsExactlyInAnyOrder(Verdict.ACCEPTED, Verdict.WRONG_ANSWER);
    assertThat(workload.entries().get(5).expect()).containsExactly(Verdict.ACCEPTED);
  }

  @Test
  void builtInsAreSelectableByNameWithWeights() {
    Workload workload = Workloads.resolve("python-sum:9,tle");

    assertThat(workload.entries())
        .extracting(WorkloadEntry::label)
        .containsExactly("python-sum", "tle");
    assertThat(workload.totalWeight()).isEqualTo(10.0);
    assertThat(workload.entries().get(1).expect()).containsExactly(Verdict.TIME_LIMIT_EXCEEDED);
  }

  @Test
  void pickingFollowsTheWeights() {
    Workload workload = Workloads.resolve("python-sum:9,tle:1");
    Random random = new Random(7);
    int tle = 0;
    for (int i = 0; i < 10_000; i++) {
      if (workload.pick(random).label().equals("tle")) {
        tle++;
      }
    }
    // why: binomial(10000, 0.1) has a standard deviation of 30; 5 of them either side.
    assertThat(tle).isBetween(850, 1150);
  }

  @Test
  void anUnknownBuiltInNamesTheKnownOnes() {
    assertThatThrownBy(() -> Workloads.resolve("python-summ"))
        .isInstanceOf(WorkloadException.class)
        .hasMessageContaining("no built-in workload 'python-summ'")
        .hasMessageContaining("python-sum, c-sum, cpu-bound, tle, hostile");
  }

  @Test
  void aMissingFileIsReportedAsSuch() {
    assertThatThrownBy(() -> Workloads.resolve(dir.resolve("nope.yaml").toString()))
        .isInstanceOf(WorkloadException.class)
        .hasMessageContaining("nope.yaml")
        .hasMessageContaining("file not found");
  }

  @Test
  void invalidYamlIsReportedWithTheFile() throws IOException {
    Path file = write("broken.yaml", "entries: [ {weight: 1\n");

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .isInstanceOf(WorkloadException.class)
        .hasMessageContaining("broken.yaml")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void anUnknownKeyIsNamedWithItsPlace() throws IOException {
    Path file =
        write(
            "typo.yaml",
            """
            entries:
              - builtin: python-sum
              - problem: sum
                lang: c
                files: [{name: main.c, content: "x"}]
            """);

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .isInstanceOf(WorkloadException.class)
        .hasMessageContaining("entries[1]: unknown key 'lang'")
        .hasMessageContaining("language");
  }

  @Test
  void aMissingRequiredKeyIsNamed() throws IOException {
    Path file =
        write(
            "missing.yaml",
            """
            entries:
              - problem: sum
                files: [{name: main.py, content: "print(1)"}]
            """);

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .hasMessageContaining("entries[0]: 'language' is required");
  }

  @Test
  void aBadWeightIsRejected() throws IOException {
    Path file = write("weight.yaml", "entries:\n  - weight: -2\n    builtin: tle\n");

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .hasMessageContaining("entries[0].weight must be a positive number, was -2");
  }

  @Test
  void anUnknownVerdictListsTheVerdicts() throws IOException {
    Path file =
        write(
            "verdict.yaml",
            """
            entries:
              - problem: sum
                language: python3
                expect: ACCEPT
                files: [{name: main.py, content: "print(1)"}]
            """);

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .hasMessageContaining("entries[0].expect: 'ACCEPT' is not a verdict")
        .hasMessageContaining("TIME_LIMIT_EXCEEDED");
  }

  @Test
  void aSourceFileThatCannotBeReadIsNamed() throws IOException {
    Path file =
        write(
            "source.yaml",
            """
            entries:
              - problem: sum
                language: c
                files: [{name: main.c, path: missing/sum.c}]
            """);

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .hasMessageContaining("entries[0].files[0].path: cannot read")
        .hasMessageContaining("missing/sum.c");
  }

  @Test
  void aBuiltInReferenceCannotAlsoCarryFiles() throws IOException {
    Path file =
        write(
            "both.yaml",
            """
            entries:
              - builtin: c-sum
                files: [{name: main.c, content: "x"}]
            """);

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .hasMessageContaining("entries[0]: 'files' cannot be combined with 'builtin'");
  }

  @Test
  void aFileWithoutEntriesIsRejected() throws IOException {
    Path file = write("empty.yaml", "name: nothing\n");

    assertThatThrownBy(() -> Workloads.resolve(file.toString()))
        .hasMessageContaining("'entries' must be a non-empty list");
  }
}
