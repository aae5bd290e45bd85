package dev.verdict.loadgen.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.message.CheckerSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProblemPackageTest {
  private static final Path PROBLEMS = Path.of("..", "examples", "problems");

  @Test
  void readsTheSampleProblemsTestsInGradingOrderWithTheirLimits() {
    ProblemPackage sum = ProblemPackage.read(PROBLEMS.resolve("sum"));

    assertThat(sum.id()).isEqualTo("sum");
    assertThat(sum.tests())
        .extracting(ProblemPackage.Test::name)
        .containsExactly(
            "sample/1",
            "secret/01-negative",
            "secret/02-large",
            "secret/03-large-negative",
            "secret/04-zero",
            "secret/05-mixed");
    assertThat(sum.limits().timeLimitMs()).isEqualTo(2000L);
    assertThat(sum.limits().memoryMb()).isEqualTo(256);
    assertThat(sum.checker().kind()).isEqualTo(CheckerSpec.DEFAULT);
    assertThat(sum.stopOnFailure()).isTrue();
    assertThat(
            new String(sum.tests().get(0).answerBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("3\n");
  }

  @Test
  void readsAnExactChecker() {
    assertThat(ProblemPackage.read(PROBLEMS.resolve("reverse")).checker().kind())
        .isEqualTo(CheckerSpec.EXACT);
  }

  @Test
  void aFolderWithoutProblemYamlIsNamed() {
    assertThatThrownBy(() -> ProblemPackage.read(PROBLEMS.resolve("nope")))
        .hasMessageContaining("no problem package at")
        .hasMessageContaining("nope");
  }
}
