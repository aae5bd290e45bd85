package dev.verdict.worker.checker;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExactCheckerTest {
  private final ExactChecker checker = new ExactChecker();

  private CheckResult check(String answer, String output) {
    return checker.check(new byte[0], answer.getBytes(ISO_8859_1), output.getBytes(ISO_8859_1));
  }

  private static void assertAccepted(CheckResult result) {
    assertThat(result.accepted()).as("accepted, but: %s", result.message()).isTrue();
    assertThat(result.message()).isEmpty();
  }

  private static void assertWrong(CheckResult result, String message) {
    assertThat(result.accepted()).as("wrong answer").isFalse();
    assertThat(result.message()).isEqualTo(message);
  }

  @Test
  void identical_output_is_accepted() {
    assertAccepted(check("a b\n c\n", "a b\n c\n"));
  }

  @Test
  void a_missing_final_newline_is_accepted() {
    assertAccepted(check("a\nb\n", "a\nb"));
  }

  @Test
  void whitespace_at_the_end_of_a_line_is_ignored() {
    assertAccepted(check("a b\nc\n", "a b \t\nc\u000b\f \n"));
    assertAccepted(check("a b  \nc\n", "a b\nc\n"));
  }

  @Test
  void windows_line_endings_are_accepted() {
    assertAccepted(check("a\nb\n", "a\r\nb\r\n"));
  }

  @Test
  void blank_lines_at_the_end_are_ignored() {
    assertAccepted(check("a\n", "a\n\n \n\t\n"));
    assertAccepted(check("a\n\n\n", "a"));
  }

  @Test
  void empty_output_is_accepted_for_an_empty_or_blank_answer() {
    assertAccepted(check("", ""));
    assertAccepted(check("\n \n", ""));
  }

  @Test
  void a_blank_line_in_the_middle_may_hold_spaces() {
    assertAccepted(check("a\n\nb\n", "a\n   \nb\n"));
  }

  @Test
  void whitespace_at_the_start_of_a_line_matters() {
    assertWrong(check("a\nb\n", "a\n b\n"), "line 2: expected 'b', got ' b'");
  }

  @Test
  void whitespace_inside_a_line_matters() {
    assertWrong(check("a b\n", "a  b\n"), "line 1: expected 'a b', got 'a  b'");
    assertWrong(check("a b\n", "a\tb\n"), "line 1: expected 'a b', got 'a\\x09b'");
  }

  @Test
  void case_matters() {
    assertWrong(check("Yes\n", "yes\n"), "line 1: expected 'Yes', got 'yes'");
  }

  @Test
  void numbers_are_compared_as_text() {
    assertWrong(check("1.0\n", "1\n"), "line 1: expected '1.0', got '1'");
  }

  @Test
  void blank_lines_at_the_start_or_in_the_middle_matter() {
    assertWrong(check("a\n", "\na\n"), "line 1: expected 'a', got ''");
    assertWrong(check("a\n\nb\n", "a\nb\n"), "line 2: expected '', got 'b'");
  }

  @Test
  void only_c_whitespace_is_ignored_at_the_end_of_a_line() {
    assertWrong(check("a\n", "a\u001c\n"), "line 1: expected 'a', got 'a\\x1c'");
  }

  @Test
  void an_extra_line_is_wrong() {
    assertWrong(check("a\nb\n", "a\nb\nc\n"), "expected 2 lines, got 3 lines");
  }

  @Test
  void a_missing_line_is_wrong() {
    assertWrong(check("a\nb\n", "a\n"), "expected 2 lines, got 1 line");
  }

  @Test
  void empty_output_is_wrong_when_an_answer_is_expected() {
    assertWrong(check("a\n", ""), "expected 1 line, got 0 lines");
  }

  @Test
  void a_long_line_is_clipped_around_its_first_difference() {
    String answer = "x".repeat(1000) + "A" + "x".repeat(1000);
    String output = "x".repeat(1000) + "B" + "x".repeat(1000);

    assertWrong(
        check(answer, output),
        "line 1: expected '..."
            + "x".repeat(10)
            + "A"
            + "x".repeat(19)
            + "...', got '..."
            + "x".repeat(10)
            + "B"
            + "x".repeat(19)
            + "...'");
  }
}
