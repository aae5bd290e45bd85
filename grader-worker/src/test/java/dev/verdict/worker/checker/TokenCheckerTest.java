package dev.verdict.worker.checker;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The semantics of problemtools' default_validator (support/default_validator/default_validator.cc)
 * and of the problem package format's "Default output validator specification".
 */
class TokenCheckerTest {
  private static final byte[] NO_INPUT = new byte[0];

  /** Checks with answer and output as ISO-8859-1, so that each char is one byte. */
  private static CheckResult check(String answer, String output, String... flags) {
    return check(answer.getBytes(ISO_8859_1), output.getBytes(ISO_8859_1), flags);
  }

  private static CheckResult check(byte[] answer, byte[] output, String... flags) {
    return new TokenChecker(ValidatorFlags.parse(List.of(flags))).check(NO_INPUT, answer, output);
  }

  private static void assertAccepted(CheckResult result) {
    assertThat(result.accepted()).as("accepted, but: %s", result.message()).isTrue();
    assertThat(result.message()).isEmpty();
  }

  private static void assertWrong(CheckResult result, String message) {
    assertThat(result.accepted()).as("wrong answer").isFalse();
    assertThat(result.message()).isEqualTo(message);
  }

  @Nested
  class Tokens {
    @Test
    void identical_output_is_accepted() {
      assertAccepted(check("hello world\n", "hello world\n"));
    }

    @Test
    void any_run_of_whitespace_separates_tokens() {
      assertAccepted(check("a b\nc\n", "  a\t\t b \r\n\n c"));
    }

    @Test
    void all_six_c_whitespace_characters_separate_tokens() {
      assertAccepted(check("a b c d e f g", "a\tb\nc\u000bd\fe\rf g"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001c", "\u001f", "\u0085", "\u00a0", "\u0000"})
    void other_control_and_space_like_bytes_are_part_of_a_token(String separator) {
      CheckResult result = check("a b", "a" + separator + "b");

      assertThat(result.accepted()).isFalse();
      assertThat(result.message()).startsWith("token 1 (line 1): expected 'a', got 'a");
    }

    @Test
    void windows_line_endings_are_accepted() {
      assertAccepted(check("1\n2\n", "1\r\n2\r\n"));
    }

    @Test
    void leading_and_trailing_whitespace_and_blank_lines_are_ignored() {
      assertAccepted(check("42\n", "\n\n   42   \n\n\n\t"));
      assertAccepted(check("  \n42", "42"));
    }

    @Test
    void a_different_token_is_wrong_naming_it_and_its_line() {
      assertWrong(
          check("hello world\n", "hello there\n"),
          "token 2 (line 1): expected 'world', got 'there'");
      assertWrong(check("a\nb\nc\n", "a\nb\n\nd\n"), "token 3 (line 4): expected 'c', got 'd'");
    }

    @Test
    void a_token_with_a_prefix_of_the_answer_is_wrong() {
      assertWrong(check("abc", "ab"), "token 1 (line 1): expected 'abc', got 'ab'");
      assertWrong(check("ab", "abc"), "token 1 (line 1): expected 'ab', got 'abc'");
    }

    @Test
    void a_nul_byte_is_compared_like_any_other_byte() {
      assertThat(check("a\u0000b", "a\u0000c").accepted()).isFalse();
      assertThat(check("42", "42\u0000junk").accepted()).isFalse();
    }
  }

  @Nested
  class MissingAndTrailingOutput {
    @Test
    void trailing_output_is_wrong() {
      assertWrong(check("1 2\n", "1 2\n3\n"), "trailing output after token 2 (line 2): '3'");
    }

    @Test
    void trailing_output_after_an_empty_answer_is_wrong() {
      assertWrong(check("", " x"), "trailing output before the first token (line 1): 'x'");
    }

    @Test
    void output_that_ends_early_is_wrong() {
      assertWrong(
          check("Hello World!\n", "Hello \n"),
          "output ended after token 1 (line 2), expected 'World!'");
    }

    @Test
    void empty_output_is_wrong() {
      assertWrong(check("Hello World!\n", ""), "output is empty, expected 'Hello'");
    }

    @Test
    void output_of_only_whitespace_is_wrong() {
      assertWrong(
          check("Hello World!\n", " \n    \n\n"), "output has only whitespace, expected 'Hello'");
    }

    @Test
    void empty_output_is_accepted_for_an_empty_or_blank_answer() {
      assertAccepted(check("", ""));
      assertAccepted(check("\n\n", ""));
      assertAccepted(check("", " \n"));
    }

    @Test
    void a_wrong_token_is_reported_before_trailing_output() {
      assertWrong(check("a b", "a c d"), "token 2 (line 1): expected 'b', got 'c'");
    }
  }

  @Nested
  class Case {
    @Test
    void letters_match_in_either_case_by_default() {
      assertAccepted(check("Hello WORLD yes", "hELLO world YES"));
    }

    @Test
    void case_sensitive_requires_the_same_case() {
      assertAccepted(check("Hello", "Hello", "case_sensitive"));
      assertWrong(
          check("Hello\n", "hello\n", "case_sensitive"),
          "token 1 (line 1): expected 'Hello', got 'hello'");
    }

    @Test
    void only_ascii_letters_match_in_either_case() {
      assertThat(check("\u00e9", "\u00c9").accepted()).as("Latin-1 e acute").isFalse();
      assertThat(check("é".getBytes(UTF_8), "É".getBytes(UTF_8)).accepted()).as("UTF-8").isFalse();
      assertThat(check("[", "{").accepted()).as("0x5b vs 0x7b").isFalse();
      assertAccepted(check("é".getBytes(UTF_8), "é".getBytes(UTF_8)));
    }

    @Test
    void strings_that_look_like_numbers_compare_as_strings_in_either_case() {
      assertAccepted(check("1e5 0XFF", "1E5 0xff"));
    }
  }

  @Nested
  class SpaceChangeSensitive {
    private static final String FLAG = "space_change_sensitive";

    @Test
    void identical_whitespace_is_accepted() {
      assertAccepted(check(" a  b\t\n\nc \n", " a  b\t\n\nc \n", FLAG));
    }

    @Test
    void letters_still_match_in_either_case() {
      assertAccepted(check("Yes No\n", "yes NO\n", FLAG));
    }

    @Test
    void a_different_kind_of_whitespace_is_wrong() {
      assertWrong(
          check("a b\n", "a\tb\n", FLAG),
          "whitespace after token 1 (line 1): expected space, got tab");
    }

    @Test
    void more_whitespace_is_wrong() {
      assertWrong(
          check("a b\n", "a  b\n", FLAG),
          "whitespace after token 1 (line 1): expected 'b', got space");
      assertWrong(
          check("hello\nworld\n", "hello\n world\n", FLAG),
          "whitespace after token 1 (line 2): expected 'w', got space");
    }

    @Test
    void less_whitespace_is_wrong() {
      assertWrong(
          check("hello\n world\n", "hello\nworld\n", FLAG),
          "whitespace after token 1 (line 2): expected space, got 'w'");
    }

    @Test
    void a_missing_final_newline_is_wrong() {
      assertWrong(
          check("5\n", "5", FLAG),
          "whitespace after token 1 (line 1): expected newline, got end of output");
    }

    @Test
    void an_extra_final_newline_is_wrong() {
      assertWrong(
          check("5\n", "5\n\n", FLAG),
          "whitespace after token 1 (line 2): expected end of output, got newline");
    }

    @Test
    void leading_whitespace_must_match() {
      assertThat(check(" a", "a", FLAG).accepted()).isFalse();
      assertWrong(
          check("a", " a", FLAG),
          "whitespace before the first token (line 1): expected 'a', got space");
    }

    @Test
    void windows_line_endings_are_wrong_for_a_unix_answer() {
      assertWrong(
          check("a\nb\n", "a\r\nb\r\n", FLAG),
          "whitespace after token 1 (line 1): expected newline, got carriage return");
    }

    @Test
    void a_whitespace_difference_is_reported_before_missing_output() {
      assertWrong(
          check("a b", "a", FLAG),
          "whitespace after token 1 (line 1): expected space, got end of output");
    }

    @Test
    void whitespace_is_ignored_without_the_flag() {
      assertAccepted(check("hello\n world\n", "hello\nworld", "case_sensitive"));
    }
  }

  @Nested
  class Numbers {
    @Test
    void without_a_tolerance_numbers_compare_as_strings() {
      assertWrong(check("1.0", "1"), "token 1 (line 1): expected '1.0', got '1'");
      assertThat(check("1", "1.0").accepted()).isFalse();
      assertThat(check("0.5", ".5").accepted()).isFalse();
    }

    @Test
    void with_a_tolerance_the_same_value_in_another_format_is_accepted() {
      assertAccepted(check("1.0", "1", "float_tolerance", "1e-9"));
      assertAccepted(check("1", "1.0", "float_tolerance", "1e-9"));
      assertAccepted(check("0.0314", "3.14000000e-2", "float_absolute_tolerance", "0"));
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({
      "1500, 1500",
      "1.5e3, 1500",
      "1.5E+03, 1500",
      "15000e-1, 1500",
      "+1500., 1500",
      "001500.000, 1500",
      ".5, 0.5",
      "-.5e0, -0.5",
      "-0, 0",
      "0x10, 16",
      "0X1.8p1, 3",
      "0x.8, 0.5",
      "-0x1P-2, -0.25",
      "1e-400, 0",
      "1.7976931348623157e308, 1.7976931348623157e308",
    })
    void every_format_of_c_strtod_is_a_number(String token, String value) {
      assertAccepted(check(value, token, "float_absolute_tolerance", "0"));
      assertAccepted(check(token, value, "float_absolute_tolerance", "0"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "one",
          "1,5",
          "1.5x",
          "1_000",
          "--1",
          "+-1",
          "1e",
          "1e+",
          "1ex",
          ".",
          "-",
          ".e1",
          "0x",
          "0xp1",
          "0x1p",
          "1d",
          "1f",
          "1e5.5",
          "inf",
          "-INF",
          "infinity",
          "nan",
          "NaN",
          "1e400",
          "-1e309"
        })
    void an_output_token_that_is_not_a_finite_number_is_wrong_where_a_number_is_expected(
        String token) {
      assertWrong(
          check("1", token, "float_tolerance", "1e100"),
          "token 1 (line 1): expected a number like '1', got '" + token + "'");
    }

    @Test
    void an_absolute_tolerance_accepts_an_error_up_to_and_including_it() {
      assertAccepted(check("1", "1.5", "float_absolute_tolerance", "0.5"));
      assertAccepted(check("1", "0.5", "float_absolute_tolerance", "0.5"));
      assertWrong(
          check("1", "1.50001", "float_absolute_tolerance", "0.5"),
          "token 1 (line 1): expected '1', got '1.50001', absolute error 0.500, relative error 0.500");
    }

    @Test
    void a_relative_tolerance_accepts_an_error_up_to_and_including_it_times_the_answer() {
      assertAccepted(check("8", "10", "float_relative_tolerance", "0.25"));
      assertAccepted(check("-8", "-6", "float_relative_tolerance", "0.25"));
      assertWrong(
          check("100", "105", "float_relative_tolerance", "0.01"),
          "token 1 (line 1): expected '100', got '105', absolute error 5.00, relative error 0.0500");
    }

    @Test
    void a_relative_tolerance_scales_with_the_answer_and_an_absolute_one_does_not() {
      assertAccepted(check("1000000", "1000000.5", "float_relative_tolerance", "1e-6"));
      assertThat(check("1000000", "1000000.5", "float_absolute_tolerance", "1e-6").accepted())
          .isFalse();
      assertAccepted(check("1e-9", "2e-9", "float_absolute_tolerance", "1e-6"));
      assertThat(check("1e-9", "2e-9", "float_relative_tolerance", "1e-6").accepted()).isFalse();
    }

    @Test
    void a_number_within_either_tolerance_is_accepted() {
      String[] both = {"float_absolute_tolerance", "0.5", "float_relative_tolerance", "0.01"};
      assertAccepted(check("1000", "1005", both));
      assertAccepted(check("0.1", "0.5", both));
      assertThat(check("1000", "1011", both).accepted()).isFalse();
    }

    @Test
    void float_tolerance_is_both_an_absolute_and_a_relative_tolerance() {
      assertAccepted(check("1000", "1400", "float_tolerance", "0.5"));
      assertAccepted(check("0", "0.5", "float_tolerance", "0.5"));
      assertThat(check("0", "0.75", "float_tolerance", "0.5").accepted()).isFalse();
    }

    @Test
    void a_relative_tolerance_alone_accepts_only_zero_for_a_zero_answer() {
      assertAccepted(check("0", "-0.0", "float_relative_tolerance", "0.01"));
      assertWrong(
          check("0", "1e-300", "float_relative_tolerance", "0.01"),
          "token 1 (line 1): expected '0', got '1e-300', absolute error 1.00e-300");
    }

    @Test
    void a_zero_tolerance_accepts_exactly_the_same_double() {
      assertAccepted(check("0.1", "0.10000000000000001", "float_tolerance", "0"));
      assertThat(check("0.1", "0.1000000000000001", "float_tolerance", "0").accepted()).isFalse();
    }

    @Test
    void a_difference_too_large_for_a_double_is_wrong() {
      assertThat(check("1e308", "-1e308", "float_absolute_tolerance", "1e300").accepted())
          .isFalse();
    }

    @Test
    void an_answer_token_that_is_not_a_number_is_compared_as_a_string() {
      String[] tolerance = {"float_tolerance", "1e-6"};
      assertAccepted(check("Case #1: 0.5", "case #1: 5e-1", tolerance));
      assertWrong(
          check("Case #1:", "Case #1.0:", tolerance),
          "token 2 (line 1): expected '#1:', got '#1.0:'");
      assertThat(check("abc", "ABC", "case_sensitive", "float_tolerance", "1").accepted())
          .isFalse();
    }

    @Test
    void infinity_and_nan_in_the_answer_are_compared_as_strings() {
      String[] tolerance = {"float_tolerance", "0.5"};
      assertWrong(check("inf\n", "0\n", tolerance), "token 1 (line 1): expected 'inf', got '0'");
      assertAccepted(check("inf -Infinity NaN", "INF -infinity nan", tolerance));
      assertThat(check("inf", "1e400", tolerance).accepted()).isFalse();
    }

    @Test
    void an_answer_too_large_for_a_double_is_compared_as_a_string() {
      assertAccepted(check("1e400", "1E400", "float_tolerance", "1"));
      assertThat(check("1e400", "1.0e400", "float_tolerance", "1").accepted()).isFalse();
    }

    @Test
    void integers_are_numbers_too_when_a_tolerance_is_set() {
      assertAccepted(check("3 7", "3.0000001 6.9999999", "float_absolute_tolerance", "1e-6"));
    }
  }

  @Nested
  class Messages {
    @Test
    void a_long_token_is_clipped_around_its_first_difference() {
      String answer = "a".repeat(5000) + "X" + "a".repeat(5000);
      String output = "a".repeat(5000) + "Y" + "a".repeat(5000);

      assertWrong(
          check(answer, output),
          "token 1 (line 1): expected '...aaaaaaaaaaXaaaaaaaaaaaaaaaaaaa...', "
              + "got '...aaaaaaaaaaYaaaaaaaaaaaaaaaaaaa...'");
    }

    @Test
    void a_long_token_differing_early_is_clipped_at_its_end() {
      CheckResult result = check("b" + "a".repeat(100), "c" + "a".repeat(100));

      assertThat(result.message())
          .isEqualTo(
              "token 1 (line 1): expected 'b"
                  + "a".repeat(29)
                  + "...', got 'c"
                  + "a".repeat(29)
                  + "...'");
    }

    @Test
    void long_trailing_output_is_clipped() {
      CheckResult result = check("1", "1 " + "x".repeat(1_000_000));

      assertThat(result.message())
          .isEqualTo("trailing output after token 1 (line 1): '" + "x".repeat(30) + "...'");
    }

    @Test
    void clipping_does_not_cut_a_utf8_character() {
      CheckResult cutAtTheEnd =
          check(("x" + "é".repeat(100)).getBytes(UTF_8), ("x" + "è".repeat(100)).getBytes(UTF_8));
      CheckResult cutAtTheStart =
          check("é".repeat(100).getBytes(UTF_8), ("é".repeat(50) + "è".repeat(50)).getBytes(UTF_8));

      assertThat(cutAtTheEnd.message())
          .isEqualTo(
              "token 1 (line 1): expected 'x"
                  + "é".repeat(15)
                  + "...', got 'x"
                  + "è".repeat(15)
                  + "...'");
      assertThat(cutAtTheStart.message())
          .isEqualTo(
              "token 1 (line 1): expected '..."
                  + "é".repeat(15)
                  + "...', got '..."
                  + "é".repeat(5)
                  + "è".repeat(10)
                  + "...'");
    }

    @Test
    void control_bytes_are_escaped() {
      assertWrong(check("a", "a\u0000\u0007"), "token 1 (line 1): expected 'a', got 'a\\x00\\x07'");
    }

    @Test
    void a_byte_where_whitespace_was_expected_is_named() {
      assertWrong(
          check("a  b", "a \u00a0b", "space_change_sensitive"),
          "whitespace after token 1 (line 1): expected space, got byte 0xa0");
    }
  }

  @Nested
  class LargeOutputs {
    @Test
    void megabytes_of_numbers_are_compared_token_by_token() {
      StringBuilder answer = new StringBuilder();
      StringBuilder output = new StringBuilder();
      for (int i = 0; i < 500_000; i++) {
        answer.append(i).append(".5 word\n");
        output.append(i).append(".5000001 WORD\n");
      }

      CheckResult result =
          check(answer.toString(), output.toString(), "float_absolute_tolerance", "1e-6");

      assertAccepted(result);
    }

    @Test
    void one_huge_numeric_token_is_compared_whole() {
      String token = "7".repeat(5_000_000);

      CheckResult result = check(token + "1", token + "2", "float_tolerance", "1");

      assertThat(result.accepted()).isFalse();
    }
  }
}
