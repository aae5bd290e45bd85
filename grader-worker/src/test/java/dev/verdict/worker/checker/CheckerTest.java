package dev.verdict.worker.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.message.CheckerSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerTest {

  private static boolean accepts(Checker checker, String answer, String output) {
    return checker
        .check(
            new byte[0],
            answer.getBytes(StandardCharsets.US_ASCII),
            output.getBytes(StandardCharsets.US_ASCII))
        .accepted();
  }

  @Test
  void the_default_kind_is_the_token_checker_with_the_problem_flags() {
    Checker checker =
        Checker.of(new CheckerSpec(CheckerSpec.DEFAULT, List.of("float_tolerance", "0.5")));

    assertThat(checker).isInstanceOf(TokenChecker.class);
    assertThat(accepts(checker, "1\n", "  1.25")).isTrue();
  }

  @Test
  void the_exact_kind_is_the_exact_checker() {
    Checker checker = Checker.of(new CheckerSpec(CheckerSpec.EXACT, List.of()));

    assertThat(checker).isInstanceOf(ExactChecker.class);
    assertThat(accepts(checker, "1\n", "  1")).isFalse();
  }

  @Test
  void an_unknown_flag_of_the_default_kind_is_rejected() {
    assertThatThrownBy(() -> Checker.of(new CheckerSpec(CheckerSpec.DEFAULT, List.of("strict"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'strict'");
  }

  @Test
  void an_unknown_kind_is_rejected() {
    assertThatThrownBy(() -> Checker.of(new CheckerSpec("fuzzy", List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fuzzy");
  }
}
