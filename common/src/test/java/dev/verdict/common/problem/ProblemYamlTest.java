package dev.verdict.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.problem.ProblemYaml.Validation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemYamlTest {

  private static ProblemYaml parse(String yaml) {
    return ProblemYaml.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml) {
    return assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageStartingWith("problem.yaml: ");
  }

  @Test
  void an_empty_file_means_a_pass_fail_problem_with_default_validation() {
    assertThat(parse(""))
        .isEqualTo(
            new ProblemYaml(
                null,
                ProblemType.PASS_FAIL,
                null,
                null,
                null,
                Validation.DEFAULT,
                List.of(),
                true));
  }

  @Test
  void every_used_key_is_read() {
    ProblemYaml yaml =
        parse(
            """
            name: Sum
            type: scoring
            limits: {time_limit: 1.5, memory: 512, output: 8}
            validation: exact
            validator_flags: case_sensitive  space_change_sensitive
            on_reject: break
            """);

    assertThat(yaml)
        .isEqualTo(
            new ProblemYaml(
                "Sum",
                ProblemType.SCORING,
                1_500L,
                512,
                8,
                Validation.EXACT,
                List.of("case_sensitive", "space_change_sensitive"),
                true));
  }

  @Test
  void metadata_and_limit_tuning_hints_are_accepted_and_change_nothing() {
    ProblemYaml yaml =
        parse(
            """
            problem_format_version: legacy
            uuid: 8ee7605a-0000-0000-0000-000000000000
            author: Ada
            source: NWERC
            license: cc by-sa
            rights_owner: Ada
            keywords: [math]
            limits: {time_multiplier: 5, time_safety_margin: 2}
            """);

    assertThat(yaml).isEqualTo(parse(""));
  }

  @Test
  void a_name_per_language_uses_the_english_one() {
    assertThat(parse("name: {de: Summe, en: Sum}\n").name()).isEqualTo("Sum");
  }

  @Test
  void a_scoring_problem_runs_every_test_by_default() {
    assertThat(parse("type: scoring\n").stopOnFailure()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "validation: custom interactive | interactive problems",
        "validation: custom score | validators that score",
        "validation: custom fancy | unknown option 'fancy'",
        "type: interactive | type 'interactive' is not supported",
        "type: [pass-fail, multi-pass] | type 'multi-pass' is not supported",
        "grading: {objective: min} | grading (custom grading of scores) is not supported",
        "languages: [cpp] | languages (a restricted list of languages) is not supported",
        "problem_format_version: 2023-07-draft | problem_format_version '2023-07-draft'",
        "interactor: x | unknown key 'interactor'",
        "limits: {validation_passes: 2, turbo: 1} | unknown key 'limits.turbo'",
      })
  void a_feature_verdict_lacks_is_refused_by_name(String yaml, String reason) {
    assertRefused(yaml + "\n").hasMessageContaining(reason);
  }

  @Test
  void a_key_given_twice_is_refused() {
    assertRefused("name: A\nname: B\n").hasMessageContainingAll("not valid YAML", "name");
  }

  @Test
  void text_that_is_not_yaml_is_refused() {
    assertRefused("name: [unclosed\n").hasMessageContaining("not valid YAML");
  }

  @Test
  void a_list_at_the_top_is_refused() {
    assertRefused("- name\n").hasMessageContaining("mapping");
  }

  @Test
  void bytes_that_are_not_utf8_are_refused() {
    assertThatThrownBy(() -> ProblemYaml.parse(new byte[] {'a', ':', ' ', (byte) 0xc3}))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessage("problem.yaml: is not valid UTF-8 text");
  }

  @Test
  void a_fractional_memory_limit_is_refused_naming_the_key() {
    assertRefused("limits: {memory: 1.5}\n").hasMessageContaining("limits.memory");
  }
}
