package dev.verdict.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.message.GroupScoring.Graded;
import dev.verdict.common.message.GroupScoring.TestRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of docs/problems.md §10 and §11 that the example packages do not reach. */
class GroupScoringTest {

  private static TestRun run(Verdict verdict, Double score, Double multiplier) {
    return new TestRun(new TestResult("t", verdict, 1, 0, 0, 0, 0, null, null), score, multiplier);
  }

  private static GroupRules legacy(String verdictMode, String scoreMode, Double high) {
    return GroupRules.legacy(false, verdictMode, scoreMode, false, false, 1, 0, 0.0, high);
  }

  private static TestGroup group(String name, GroupRules rules, int... tests) {
    return new TestGroup(
        name, rules, java.util.Arrays.stream(tests).mapToObj(TestGroup.Item::test).toList());
  }

  @Test
  void an_accept_score_that_is_set_is_the_group_s_points_given_once_when_all_its_tests_pass() {
    GroupRules ten =
        GroupRules.legacy(false, "worst_error", "sum", false, false, 10, 0, null, null)
            .withAcceptOnce();
    GroupRules thirty =
        GroupRules.legacy(false, "worst_error", "sum", false, false, 30, 0, null, null)
            .withAcceptOnce();
    TestGroup root =
        new TestGroup(
            GroupScoring.ROOT,
            legacy("worst_error", "sum", null),
            List.of(
                TestGroup.Item.group(group("secret/small", ten, 0, 1)),
                TestGroup.Item.group(group("secret/large", thirty, 2, 3))));

    Graded all = GroupScoring.grade(root, false, i -> run(Verdict.ACCEPTED, null, null));
    Graded half =
        GroupScoring.grade(
            root, false, i -> run(i == 3 ? Verdict.WRONG_ANSWER : Verdict.ACCEPTED, null, null));

    assertThat(all.score()).isEqualTo(40.0);
    assertThat(all.maxScore()).isEqualTo(40.0);
    assertThat(half.verdict()).as("a rejection keeps its verdict").isEqualTo(Verdict.WRONG_ANSWER);
    assertThat(half.score()).as("and the points its groups earned").isEqualTo(10.0);
  }

  @Test
  void a_sample_without_testdata_yaml_is_judged_but_scores_nothing() {
    GroupRules sampleRules = legacy("worst_error", "sum", null).withScoreless();
    TestGroup root =
        new TestGroup(
            GroupScoring.ROOT,
            legacy("worst_error", "min", null),
            List.of(
                TestGroup.Item.group(group("sample", sampleRules, 0)),
                TestGroup.Item.group(group("secret", legacy("worst_error", "sum", null), 1, 2))));

    Graded graded =
        GroupScoring.grade(
            root, false, i -> run(i == 0 ? Verdict.WRONG_ANSWER : Verdict.ACCEPTED, null, null));

    assertThat(graded.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
    assertThat(graded.score()).as("min over secret alone").isEqualTo(2.0);
    assertThat(graded.maxScore()).isEqualTo(2.0);
  }

  @Test
  void a_legacy_validator_may_score_a_rejected_test() {
    TestGroup root = group(GroupScoring.ROOT, legacy("worst_error", "sum", null), 0, 1);

    Graded graded =
        GroupScoring.grade(
            root,
            true,
            i -> i == 0 ? run(Verdict.ACCEPTED, 5.0, null) : run(Verdict.WRONG_ANSWER, 2.0, null));

    assertThat(graded.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
    assertThat(graded.score()).isEqualTo(7.0);
  }

  @Test
  void a_legacy_group_score_outside_its_range_is_a_judge_error() {
    TestGroup root = group(GroupScoring.ROOT, legacy("worst_error", "sum", 1.0), 0, 1);

    Graded graded = GroupScoring.grade(root, false, i -> run(Verdict.ACCEPTED, null, null));

    assertThat(graded.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(graded.error()).contains("outside the range");
  }

  @Test
  void legacy_worst_error_ranks_a_crash_above_a_wrong_answer_and_break_stops_the_group() {
    GroupRules breakOnReject =
        GroupRules.legacy(true, "worst_error", "sum", false, false, 1, 0, null, null);
    Map<Integer, Verdict> verdicts =
        Map.of(0, Verdict.WRONG_ANSWER, 1, Verdict.RUNTIME_ERROR, 2, Verdict.ACCEPTED);
    TestGroup continuing = group(GroupScoring.ROOT, legacy("worst_error", "sum", null), 0, 1, 2);
    TestGroup breaking = group(GroupScoring.ROOT, breakOnReject, 0, 1, 2);

    Graded all = GroupScoring.grade(continuing, false, i -> run(verdicts.get(i), null, null));
    Graded first = GroupScoring.grade(breaking, false, i -> run(verdicts.get(i), null, null));

    assertThat(all.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
    assertThat(all.tests()).hasSize(3);
    assertThat(first.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
    assertThat(first.tests()).hasSize(1);
  }

  @Test
  void legacy_score_txt_replaces_the_accept_score_and_legacy_has_no_score_multiplier() {
    TestGroup root = group(GroupScoring.ROOT, legacy("worst_error", "sum", null), 0);

    Graded scored = GroupScoring.grade(root, true, i -> run(Verdict.ACCEPTED, 7.5, null));
    Graded multiplied = GroupScoring.grade(root, true, i -> run(Verdict.ACCEPTED, null, 0.5));

    assertThat(scored.score()).isEqualTo(7.5);
    assertThat(scored.maxScore()).isNull();
    assertThat(multiplied.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
  }

  private static TestGroup v2023(String aggregation, Double max, Double testMax, int... tests) {
    TestGroup secret =
        group(
            "secret",
            GroupRules.v2023(!"sum".equals(aggregation), aggregation, max, testMax),
            tests);
    return new TestGroup(
        GroupScoring.ROOT,
        GroupRules.v2023(false, null, null, null),
        List.of(TestGroup.Item.group(secret)));
  }

  @Test
  void a_2023_score_multiplier_scales_the_test_maximum_and_both_files_are_a_judge_error() {
    TestGroup root = v2023("sum", 100.0, 50.0, 0, 1);

    Graded half = GroupScoring.grade(root, false, i -> run(Verdict.ACCEPTED, null, 0.5));
    Graded both = GroupScoring.grade(root, false, i -> run(Verdict.ACCEPTED, 10.0, 0.5));

    assertThat(half.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(half.score()).isEqualTo(50.0);
    assertThat(both.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
  }

  @Test
  void a_2023_score_in_a_pass_fail_group_or_above_the_maximum_is_a_judge_error() {
    Graded passFail =
        GroupScoring.grade(
            v2023("pass-fail", 100.0, 100.0, 0), false, i -> run(Verdict.ACCEPTED, 3.0, null));
    Graded tooMuch =
        GroupScoring.grade(
            v2023("sum", 10.0, 10.0, 0), false, i -> run(Verdict.ACCEPTED, 11.0, null));

    assertThat(passFail.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(tooMuch.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
  }

  @Test
  void a_2023_submission_with_no_points_gets_its_first_rejected_verdict() {
    Map<Integer, Verdict> verdicts =
        Map.of(0, Verdict.TIME_LIMIT_EXCEEDED, 1, Verdict.WRONG_ANSWER);

    Graded graded =
        GroupScoring.grade(
            v2023("sum", 100.0, 50.0, 0, 1), false, i -> run(verdicts.get(i), null, null));

    assertThat(graded.verdict()).isEqualTo(Verdict.TIME_LIMIT_EXCEEDED);
    assertThat(graded.score()).isZero();
    assertThat(graded.maxScore()).isEqualTo(100.0);
  }
}
