package dev.verdict.worker.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorFlagsTest {

  private static ValidatorFlags parse(String... flags) {
    return ValidatorFlags.parse(List.of(flags));
  }

  @Test
  void no_flags_are_the_defaults() {
    ValidatorFlags flags = parse();

    assertThat(flags).isEqualTo(ValidatorFlags.DEFAULT);
    assertThat(flags.caseSensitive()).isFalse();
    assertThat(flags.spaceChangeSensitive()).isFalse();
    assertThat(flags.floats()).isFalse();
  }

  @Test
  void case_sensitive_and_space_change_sensitive_are_read() {
    assertThat(parse("case_sensitive")).isEqualTo(new ValidatorFlags(true, false, -1, -1));
    assertThat(parse("space_change_sensitive", "case_sensitive"))
        .isEqualTo(new ValidatorFlags(true, true, -1, -1));
  }

  @Test
  void float_tolerance_sets_the_absolute_and_the_relative_tolerance() {
    ValidatorFlags flags = parse("float_tolerance", "1e-6");

    assertThat(flags).isEqualTo(new ValidatorFlags(false, false, 1e-6, 1e-6));
    assertThat(flags.floats()).isTrue();
  }

  @Test
  void absolute_and_relative_tolerances_are_set_apart() {
    assertThat(parse("float_absolute_tolerance", "0.5"))
        .isEqualTo(new ValidatorFlags(false, false, 0.5, -1));
    assertThat(parse("float_relative_tolerance", "0.25"))
        .isEqualTo(new ValidatorFlags(false, false, -1, 0.25));
    assertThat(parse("float_relative_tolerance", "0.25", "float_absolute_tolerance", "0.5"))
        .isEqualTo(new ValidatorFlags(false, false, 0.5, 0.25));
  }

  @Test
  void a_later_tolerance_replaces_an_earlier_one() {
    assertThat(parse("float_tolerance", "0.25", "float_absolute_tolerance", "0.5"))
        .isEqualTo(new ValidatorFlags(false, false, 0.5, 0.25));
    assertThat(parse("float_absolute_tolerance", "0.5", "float_tolerance", "0.25"))
        .isEqualTo(new ValidatorFlags(false, false, 0.25, 0.25));
  }

  @Test
  void a_zero_tolerance_compares_numbers_as_numbers() {
    assertThat(parse("float_absolute_tolerance", "0").floats()).isTrue();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"1e-6, 1e-6", "1E-6, 1e-6", ".5, 0.5", "2., 2", "+0.25, 0.25", "0x1p-3, 0.125"})
  void tolerances_are_numbers_in_any_c_format(String text, double value) {
    assertThat(parse("float_tolerance", text).absoluteTolerance()).isEqualTo(value);
  }

  @Test
  void an_unknown_flag_is_rejected_by_name() {
    assertThatThrownBy(() -> parse("case_sensitive", "float_tolerence", "1e-6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown validator flag 'float_tolerence'");
  }

  @Test
  void flag_names_are_case_sensitive() {
    assertThatThrownBy(() -> parse("Case_Sensitive"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Case_Sensitive'");
  }

  @Test
  void a_tolerance_without_a_number_is_rejected() {
    assertThatThrownBy(() -> parse("float_relative_tolerance"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("float_relative_tolerance needs a number");
  }

  @Test
  void a_tolerance_followed_by_another_flag_is_rejected() {
    assertThatThrownBy(() -> parse("float_tolerance", "case_sensitive"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("float_tolerance needs a finite number, got 'case_sensitive'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1e", "1,5", "0.5x", "inf", "nan", "1e400", "1d"})
  void a_tolerance_that_is_not_a_finite_number_is_rejected(String text) {
    assertThatThrownBy(() -> parse("float_absolute_tolerance", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("float_absolute_tolerance needs a finite number, got '" + text + "'");
  }

  @Test
  void a_negative_tolerance_is_rejected() {
    assertThatThrownBy(() -> parse("float_tolerance", "-1e-6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("float_tolerance must be >= 0, was -1e-6");
  }
}
