package dev.verdict.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.common.blob.Sha256;
import dev.verdict.common.message.GroupResult;
import dev.verdict.common.message.GroupScoring;
import dev.verdict.common.message.GroupScoring.Graded;
import dev.verdict.common.message.GroupScoring.TestRun;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loads the example scoring packages and judges simulated submissions of them, one per example
 * submission of docs/problems.md Appendix A, checking the verdict, score and maximum the tables
 * there give. The programs' behaviour is stood in for by what each does with a test's input.
 */
class ExampleScoringTest {
  private final Map<String, byte[]> blobs = new HashMap<>();

  private ProblemVersion load(String name) {
    Path dir = ExamplePackages.dir(name);
    return ProblemPackageLoader.read(
        dir,
        content -> {
          String sha = Sha256.hex(content);
          blobs.put(sha, content);
          return sha;
        });
  }

  private Graded judge(ProblemVersion problem, Function<String, TestRun> program) {
    return GroupScoring.grade(
        problem.groups(),
        problem.checker().scoresFromValidator(),
        index -> {
          TestCase test = problem.tests().get(index);
          String input = new String(blobs.get(test.inputSha256()), StandardCharsets.UTF_8).strip();
          TestRun run = program.apply(input);
          return new TestRun(
              new TestResult(test.name(), run.result().verdict(), 1, 1, 1, 1, 0, null, null),
              run.scoreFile(),
              run.scoreMultiplier());
        });
  }

  private static TestRun verdict(Verdict verdict) {
    return TestRun.of(new TestResult("", verdict, 1, 0, 0, 0, 0, null, null));
  }

  /** What each triangular-number submission does with n (docs/problems.md A.3). */
  private static Function<String, TestRun> triangular(String submission) {
    return input -> {
      BigInteger n = new BigInteger(input);
      return verdict(
          switch (submission) {
            case "formula" -> Verdict.ACCEPTED;
            case "loop" ->
                n.compareTo(BigInteger.valueOf(1_000_000)) <= 0
                    ? Verdict.ACCEPTED
                    : Verdict.TIME_LIMIT_EXCEEDED;
            case "formula64" ->
                n.compareTo(BigInteger.valueOf(3_000_000_000L)) <= 0
                    ? Verdict.ACCEPTED
                    : Verdict.WRONG_ANSWER;
            case "off_by_one" -> n.signum() == 0 ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER;
            case "spin" -> Verdict.TIME_LIMIT_EXCEEDED;
            case "crash" -> n.signum() == 0 ? Verdict.ACCEPTED : Verdict.RUNTIME_ERROR;
            default -> throw new IllegalArgumentException(submission);
          });
    };
  }

  @ParameterizedTest
  @CsvSource({
    "scoringgroups, formula, ACCEPTED, 100",
    "scoringgroups, loop, ACCEPTED, 50",
    "scoringgroups, formula64, ACCEPTED, 70",
    "scoringgroups, off_by_one, WRONG_ANSWER, 0",
    "scoringgroups, spin, TIME_LIMIT_EXCEEDED, 0",
    "scoringgroups, crash, RUNTIME_ERROR, 0",
    "scoringgroups2023, formula, ACCEPTED, 100",
    "scoringgroups2023, loop, ACCEPTED, 50",
    "scoringgroups2023, formula64, ACCEPTED, 70",
    "scoringgroups2023, off_by_one, WRONG_ANSWER, 0",
    "scoringgroups2023, spin, TIME_LIMIT_EXCEEDED, 0",
    "scoringgroups2023, crash, RUNTIME_ERROR, 0",
  })
  void nested_groups_score_as_the_package_says(
      String problem, String submission, Verdict verdict, double score) {
    ProblemVersion version = load(problem);

    Graded graded = judge(version, triangular(submission));

    assertThat(graded.verdict()).isEqualTo(verdict);
    assertThat(graded.score()).isEqualTo(score);
    assertThat(graded.maxScore()).isEqualTo(100.0);
    assertThat(version.maxScore()).isEqualTo(100.0);
  }

  @ParameterizedTest
  @CsvSource({"scoringgroups", "scoringgroups2023"})
  void each_group_reports_its_own_score_and_maximum(String problem) {
    Graded graded = judge(load(problem), triangular("formula64"));

    Map<String, GroupResult> groups = new HashMap<>();
    graded.groups().forEach(group -> groups.put(group.name(), group));
    assertThat(groups.get("secret/g1_tiny").score()).isEqualTo(20.0);
    assertThat(groups.get("secret/g2_medium").score()).isEqualTo(30.0);
    assertThat(groups.get("secret/g3_large/a_fits64").score()).isEqualTo(20.0);
    assertThat(groups.get("secret/g3_large/b_huge").score()).isEqualTo(0.0);
    assertThat(groups.get("secret/g3_large/b_huge").verdict()).isEqualTo(Verdict.WRONG_ANSWER);
    assertThat(groups.get("secret/g3_large/b_huge").maxScore()).isEqualTo(30.0);
    assertThat(groups.get("secret").maxScore()).isEqualTo(100.0);
  }

  private static final List<Double> GREEDY =
      List.of(10.0, 9.6, 9.4, 9.900328, 9.874378, 9.852379, 9.789205, 9.822976, 9.897442, 9.831067);

  @ParameterizedTest
  @CsvSource({
    "knapsack, ACCEPTED, 100",
    "greedy, ACCEPTED, 97.967775",
    "everything, WRONG_ANSWER, 0",
    "all_subsets, TIME_LIMIT_EXCEEDED, 30",
    "small_only, RUNTIME_ERROR, 27",
  })
  void validator_scores_add_up_under_custom_score(
      String submission, Verdict verdict, double score) {
    ProblemVersion problem = load("customscore");
    Map<String, Integer> secretIndex = new HashMap<>();
    for (TestCase test : problem.tests()) {
      if (test.name().startsWith("secret/")) {
        secretIndex.put(test.inputSha256(), Integer.parseInt(test.name().substring(7)) - 1);
      }
    }
    Graded graded =
        GroupScoring.grade(
            problem.groups(),
            problem.checker().scoresFromValidator(),
            index -> {
              TestCase test = problem.tests().get(index);
              Integer i = test.name().startsWith("secret/") ? index - 1 : null;
              TestResult result = new TestResult(test.name(), null, 1, 1, 1, 1, 0, null, null);
              return switch (submission) {
                case "knapsack" -> accepted(result, 10.0);
                case "greedy" -> accepted(result, i == null ? 10.0 : GREEDY.get(i));
                case "everything" -> TestRun.of(with(result, Verdict.WRONG_ANSWER));
                case "all_subsets" ->
                    i == null || i < 3
                        ? accepted(result, 10.0)
                        : TestRun.of(with(result, Verdict.TIME_LIMIT_EXCEEDED));
                case "small_only" ->
                    i == null || i < 3
                        ? accepted(result, 9.0)
                        : TestRun.of(with(result, Verdict.RUNTIME_ERROR));
                default -> throw new IllegalArgumentException(submission);
              };
            });

    assertThat(graded.verdict()).isEqualTo(verdict);
    assertThat(graded.score()).isCloseTo(score, within(1e-6));
    assertThat(graded.maxScore()).isEqualTo(100.0);
  }

  @ParameterizedTest
  @CsvSource({
    "double, ACCEPTED, 60",
    "int32, WRONG_ANSWER, 30",
    "small_only, WRONG_ANSWER, 10",
  })
  void groupscores_gives_each_group_its_points_once_and_the_sample_none(
      String submission, Verdict verdict, double score) {
    long limit =
        switch (submission) {
          case "double" -> Long.MAX_VALUE;
          case "int32" -> 1_000_000;
          default -> 100;
        };
    Graded graded =
        judge(
            load("groupscores"),
            input ->
                verdict(Long.parseLong(input) <= limit ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER));

    assertThat(graded.verdict()).isEqualTo(verdict);
    assertThat(graded.score()).isEqualTo(score);
    assertThat(graded.maxScore()).isEqualTo(60.0);
  }

  private static TestRun accepted(TestResult result, double score) {
    return new TestRun(with(result, Verdict.ACCEPTED), score, null);
  }

  private static TestResult with(TestResult result, Verdict verdict) {
    return new TestResult(result.name(), verdict, 1, 1, 1, 1, 0, null, null);
  }

  @ParameterizedTest
  @CsvSource({
    "guessnumber, pass-fail, true, , 11",
    "multipasssum, pass-fail, false, 2, 8",
    "customscore, scoring, false, , 11",
  })
  void the_interactive_multi_pass_and_custom_score_examples_load_as_their_kind(
      String name, String type, boolean interactive, Integer passes, int tests) {
    ProblemVersion problem = load(name);

    assertThat(problem.type().yamlName()).isEqualTo(type);
    assertThat(problem.checker().custom()).isTrue();
    assertThat(problem.checker().interacts()).isEqualTo(interactive);
    assertThat(problem.checker().passes()).isEqualTo(passes);
    assertThat(problem.tests()).hasSize(tests);
  }

  static final class ExamplePackages {
    private ExamplePackages() {}

    /** The example package {@code name} in examples/problems. */
    static Path dir(String name) {
      Path dir = Path.of("..", "examples", "problems", name);
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("no example package " + name);
      }
      return dir;
    }
  }
}
