package dev.verdict.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceFileNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"main.py", "Main.java", "a-b_c.cpp", "x", "prog+2.c", "README"})
  void plain_file_names_are_accepted(String name) {
    assertThat(SourceFileNames.problem(name)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x",
        "/etc/x",
        "a/b",
        "a\\b",
        "a\0b",
        "a\nb",
        "tab\there",
        "bell\u0007",
        "del\u007f",
        ".",
        "..",
        ".hidden",
        "",
        "main py",
        "main.py;rm",
        "ma\u00efn.py"
      })
  void anything_that_could_be_a_path_or_is_not_plain_is_rejected(String name) {
    assertThat(SourceFileNames.problem(name)).as("'%s'", name).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\0", "main\0.py", "main.py\0"})
  void a_nul_anywhere_is_rejected_as_a_control_character(String name) {
    assertThat(SourceFileNames.problem(name)).contains("control characters");
  }

  @Test
  void null_is_rejected() {
    assertThat(SourceFileNames.problem(null)).isEqualTo("must not be empty");
  }

  @Test
  void a_name_of_the_maximum_length_is_accepted_and_one_longer_is_rejected() {
    String longest = "a".repeat(SourceFileNames.MAX_LENGTH - 3) + ".py";

    assertThat(SourceFileNames.problem(longest)).isNull();
    assertThat(SourceFileNames.problem("a" + longest)).contains("at most");
  }

  @Test
  void path_separators_are_named_in_the_reason() {
    assertThat(SourceFileNames.problem("a/b")).contains("'/'");
    assertThat(SourceFileNames.problem("..\\x")).as("a leading dot is caught first").isNotNull();
    assertThat(SourceFileNames.problem("x\\..")).contains("'\\'");
  }
}
