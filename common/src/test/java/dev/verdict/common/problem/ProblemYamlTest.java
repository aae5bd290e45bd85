package dev.verdict.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.limits.LimitOverrides;
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
                FormatVersion.LEGACY,
                null,
                ProblemType.PASS_FAIL,
                null,
                null,
                null,
                Validation.DEFAULT,
                List.of(),
                true,
                false,
                null,
                false,
                LimitOverrides.NONE,
                LimitOverrides.NONE,
                null,
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
                FormatVersion.LEGACY,
                "Sum",
                ProblemType.SCORING,
                1_500L,
                512,
                8,
                Validation.EXACT,
                List.of("case_sensitive", "space_change_sensitive"),
                true,
                false,
                null,
                false,
                LimitOverrides.NONE,
                LimitOverrides.NONE,
                null,
                true));
  }

  @Test
  void validation_and_compilation_limits_are_read_in_their_units() {
    ProblemYaml yaml =
        parse(
            """
            limits: {validation_time: 90, validation_memory: 3072, validation_output: 16,
                     compilation_time: 120.5, compilation_memory: 4096}
            """);

    assertThat(yaml.validationLimits())
        .isEqualTo(new LimitOverrides(90_000L, null, 3072, null, 16_384L, null, null, null, null));
    assertThat(yaml.compilationLimits())
        .isEqualTo(new LimitOverrides(120_500L, null, 4096, null, null, null, null, null, null));
    assertRefused("limits: {validation_time: -1}")
        .hasMessageContaining("limits.validation_time must be a positive number of seconds");
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
        "validation: custom score | validation: custom score on a pass-fail problem",
        "validation: custom fancy | unknown option 'fancy'",
        "validation: default interactive | validation: default with interactive",
        "type: interactive | type 'interactive' is not supported",
        "grading: {objective: min} | grading.objective: min is not supported",
        "grading: {accept_score: 3} | grading.accept_score in problem.yaml (deprecated",
        "languages: [cpp] | unknown key 'languages'",
        "problem_format_version: 2025-09 | problem_format_version '2025-09'",
        "problem_format_version: legacy-icpc | problem_format_version 'legacy-icpc'",
        "'problem_format_version: 2023-07-draft\nvalidation: custom' | unknown key 'validation'",
        "'problem_format_version: 2023-07-draft\ntype: submit-answer' | type submit-answer",
        "'problem_format_version: 2023-07-draft\ntype: [pass-fail, scoring]' | both pass-fail and scoring",
        "'problem_format_version: 2023-07-draft\nconstants: {a: 1}' | constants",
        "'type: scoring\nvalidation: custom multi-pass\nlimits: {validation_passes: 1}' | validation_passes must be at least 2",
        "interactor: x | unknown key 'interactor'",
        "limits: {validation_passes: 2, turbo: 1} | unknown key 'limits.turbo'",
        "'problem_format_version: 2023-07-draft\nlanguages: [all, c]' | 'all' cannot be listed",
        "'problem_format_version: 2023-07-draft\nlanguages: [c, c]' | names 'c' twice",
        "'problem_format_version: 2023-07-draft\nlanguages: [C++]' | 'C++' is not a language code",
        "'problem_format_version: 2023-07-draft\nallow_file_writing: maybe' | allow_file_writing must be true or false",
      })
  void a_feature_verdict_lacks_is_refused_by_name(String yaml, String reason) {
    assertRefused(yaml.replace("\\n", "\n") + "\n").hasMessageContaining(reason);
  }

  @Test
  void legacy_validation_words_make_interactive_multi_pass_and_scoring_validators() {
    ProblemYaml interactive = parse("validation: custom interactive\n");
    ProblemYaml multiPass =
        parse("validation: custom multi-pass\nlimits: {validation_passes: 3}\n");
    ProblemYaml score = parse("type: scoring\nvalidation: custom score\n");

    assertThat(interactive.interactive()).isTrue();
    assertThat(interactive.passes()).isNull();
    assertThat(multiPass.passes()).isEqualTo(3);
    assertThat(score.customScore()).isTrue();
    assertThat(score.validation()).isEqualTo(Validation.CUSTOM);
  }

  @Test
  void a_2023_07_package_says_its_kind_in_a_list_of_types() {
    ProblemYaml yaml =
        parse(
            """
            problem_format_version: 2023-07-draft
            uuid: 6da384e6-8d71-5d42-b5db-72391afe7651
            name: {sv: Gissa, en: Guess}
            type: [scoring, interactive, multi-pass]
            limits: {time_limit: 2}
            """);

    assertThat(yaml.version()).isEqualTo(FormatVersion.V2023_07);
    assertThat(yaml.type()).isEqualTo(ProblemType.SCORING);
    assertThat(yaml.interactive()).isTrue();
    assertThat(yaml.passes()).isEqualTo(2);
    assertThat(yaml.name()).isEqualTo("Guess");
    assertThat(yaml.stopOnFailure()).isFalse();
  }

  @Test
  void a_2023_07_package_may_name_its_languages_and_allow_file_writing() {
    ProblemYaml listed =
        parse(
            "problem_format_version: 2023-07-draft\nlanguages: [python3, cpp]\n"
                + "allow_file_writing: true\n");
    ProblemYaml all = parse("problem_format_version: 2023-07-draft\nlanguages: all\n");
    ProblemYaml silent = parse("problem_format_version: 2023-07-draft\n");

    assertThat(listed.languages()).containsExactly("python3", "cpp");
    assertThat(listed.allowFileWriting()).isTrue();
    assertThat(all.languages()).isNull();
    assertThat(silent.languages()).isNull();
    assertThat(silent.allowFileWriting()).isFalse();
  }

  @Test
  void a_legacy_package_offers_every_language_and_may_write_its_working_directory() {
    ProblemYaml legacy = parse("name: Sum\n");

    assertThat(legacy.languages()).isNull();
    assertThat(legacy.allowFileWriting()).isTrue();
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
