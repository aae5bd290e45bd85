package dev.verdict.common.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a scoring problem's test groups: which tests run (a group's {@code on_reject}), each
 * test's score, each group's verdict and score, and the submission's (docs/problems.md §10 for
 * legacy graders, §11 for 2023-07 aggregation). Tests run in the order of the groups' items, which
 * is the order of the task's tests.
 */
public final class GroupScoring {
  /** The root group's name. */
  public static final String ROOT = "data";

  private static final double EPSILON = 1e-9;
  // why: the legacy default grader's order of errors, worst first ([L] "Default grader").
  private static final Map<Verdict, Integer> WORST_FIRST =
      Map.of(
          Verdict.INTERNAL_ERROR, 0,
          Verdict.COMPILATION_ERROR, 1,
          Verdict.RUNTIME_ERROR, 2,
          Verdict.MEMORY_LIMIT_EXCEEDED, 3,
          Verdict.TIME_LIMIT_EXCEEDED, 4,
          Verdict.OUTPUT_LIMIT_EXCEEDED, 5,
          Verdict.WRONG_ANSWER, 6,
          Verdict.ACCEPTED, 7);

  private GroupScoring() {}

  /**
   * What running one test gave.
   *
   * @param result the test's result (its score is replaced)
   * @param scoreFile the number the validator wrote to {@code score.txt}, or null
   * @param scoreMultiplier the number in {@code score_multiplier.txt}, or null
   */
  public record TestRun(TestResult result, Double scoreFile, Double scoreMultiplier) {
    public static TestRun of(TestResult result) {
      return new TestRun(result, null, null);
    }
  }

  /** Runs the task's test with this index; called once per judged test, in order. */
  @FunctionalInterface
  public interface TestRunner {
    TestRun run(int index);
  }

  /**
   * The submission's result.
   *
   * @param tests the judged tests' results with their scores, in the order judged
   */
  public record Graded(
      Verdict verdict,
      double score,
      Double maxScore,
      List<GroupResult> groups,
      List<TestResult> tests,
      String error) {}

  private record Result(Verdict verdict, double score, String error) {}

  private static final class Judging {
    final TestRunner runner;
    final List<TestResult> tests = new ArrayList<>();
    final List<GroupResult> groups = new ArrayList<>();

    Judging(TestRunner runner) {
      this.runner = runner;
    }
  }

  /**
   * Runs and judges the tests of {@code root} with {@code runner}.
   *
   * @param validatorScores as for {@link #maxScore}
   */
  public static Graded grade(TestGroup root, boolean validatorScores, TestRunner runner) {
    Judging judging = new Judging(runner);
    if (root.rules().legacyScheme()) {
      Result result = legacy(root, judging);
      // why: a rejected submission keeps the score its groups earned, as DOMjudge reports it
      // (its scoring examples expect WRONG-ANSWER with 30 of 60 points); only a judge error
      // voids it.
      return new Graded(
          result.verdict(),
          result.verdict() == Verdict.INTERNAL_ERROR ? 0 : result.score(),
          maxScore(root, validatorScores),
          withUnjudged(root, judging.groups),
          judging.tests,
          result.error());
    }
    return v2023Root(root, judging);
  }

  /**
   * The highest score a submission can get, or null when the package does not bound it.
   *
   * @param validatorScores whether the validator writes the tests' scores (legacy {@code custom
   *     score}), so that an accepted test's score is not known in advance
   */
  public static Double maxScore(TestGroup root, boolean validatorScores) {
    if (!root.rules().legacyScheme()) {
      TestGroup secret = root.child("secret");
      return secret == null ? Double.valueOf(0) : secret.rules().maxScore();
    }
    Double bound = root.rules().rangeHigh();
    if (bound != null) {
      return bound;
    }
    if (validatorScores) {
      return rangeMax(root);
    }
    // why: without a bound, the best possible result is every test accepted with its score.
    Result best =
        legacy(
            root,
            new Judging(
                index ->
                    TestRun.of(new TestResult("", Verdict.ACCEPTED, 0, 0, 0, 0, 0, null, null))));
    return best.verdict() == Verdict.ACCEPTED ? best.score() : null;
  }

  // ---------------------------------------------------------------- legacy (§10)

  /**
   * The best score the groups' ranges allow when the validator writes the tests' scores: a group's
   * {@code range} upper bound, else its items' best aggregated; null when some test's best is known
   * from no range.
   */
  private static Double rangeMax(TestGroup group) {
    GroupRules rules = group.rules();
    if (rules.rangeHigh() != null) {
      return rules.rangeHigh();
    }
    List<TestGroup.Item> items = group.items();
    if (rules.ignoresSample() && !items.isEmpty()) {
      items = List.of(items.getLast());
    }
    List<Double> maxima = new ArrayList<>();
    for (TestGroup.Item item : items) {
      if (item.test() != null) {
        return null;
      }
      if (item.group().rules().isScoreless()) {
        continue;
      }
      Double max = rangeMax(item.group());
      if (max == null) {
        return null;
      }
      maxima.add(max);
    }
    return switch (rules.scoreMode()) {
      case "min" -> maxima.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      case "max" -> maxima.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      case "avg" -> maxima.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      default -> maxima.stream().mapToDouble(Double::doubleValue).sum();
    };
  }

  /**
   * One judged item of a legacy group.
   *
   * @param test whether it is a test case (else a subgroup)
   * @param validatorScore a test case whose score the validator wrote
   */
  private record Judged(Result result, boolean test, boolean validatorScore, boolean scoreless) {}

  private static Result legacy(TestGroup group, Judging judging) {
    GroupRules rules = group.rules();
    int slot = judging.groups.size();
    judging.groups.add(null);
    List<Judged> items = new ArrayList<>();
    int tests = 0;
    for (TestGroup.Item item : group.items()) {
      Judged judged;
      if (item.test() != null) {
        tests++;
        TestRun run = judging.runner.run(item.test());
        judged = new Judged(legacyTest(rules, run, judging), true, run.scoreFile() != null, false);
      } else {
        judged =
            new Judged(
                legacy(item.group(), judging), false, false, item.group().rules().isScoreless());
      }
      items.add(judged);
      if (rules.stopOnReject() && judged.result().verdict() != Verdict.ACCEPTED) {
        break;
      }
    }
    Result result = legacyAggregate(group, items, tests);
    judging.groups.set(
        slot, new GroupResult(group.name(), result.verdict(), result.score(), rules.rangeHigh()));
    return result;
  }

  private static Result legacyTest(GroupRules rules, TestRun run, Judging judging) {
    TestResult test = run.result();
    Verdict verdict = test.verdict();
    String error = null;
    double score;
    if (verdict == Verdict.INTERNAL_ERROR) {
      score = 0;
    } else if (run.scoreMultiplier() != null) {
      verdict = Verdict.INTERNAL_ERROR;
      error = "the validator wrote score_multiplier.txt, which legacy packages do not have";
      score = 0;
    } else if (run.scoreFile() != null
        && (verdict == Verdict.ACCEPTED || verdict == Verdict.WRONG_ANSWER)) {
      // why: [L] gives every judged test the score its validator wrote; DOMjudge takes it for
      // accepted and wrong answers only, never for a program that failed to run.
      score = run.scoreFile();
    } else {
      score = verdict == Verdict.ACCEPTED ? rules.acceptScore() : rules.rejectScore();
    }
    judging.tests.add(judgeError(test, verdict, error).withScore(score));
    return new Result(verdict, score, error);
  }

  /**
   * @param tests how many test cases the group has, judged or not
   */
  private static Result legacyAggregate(TestGroup group, List<Judged> all, int tests) {
    GroupRules rules = group.rules();
    for (Judged item : all) {
      if (item.result().verdict() == Verdict.INTERNAL_ERROR) {
        return new Result(Verdict.INTERNAL_ERROR, 0, item.result().error());
      }
    }
    List<Judged> items = all;
    if (rules.ignoresSample() && !items.isEmpty()) {
      items = List.of(items.getLast());
    }
    if (items.isEmpty()) {
      return new Result(Verdict.ACCEPTED, 0, null);
    }
    Verdict verdict = Verdict.ACCEPTED;
    boolean anyAccepted = false;
    for (Judged judged : items) {
      Verdict item = judged.result().verdict();
      anyAccepted |= item == Verdict.ACCEPTED;
      if (item == Verdict.ACCEPTED) {
        continue;
      }
      switch (rules.verdictMode()) {
        case "first_error" -> {
          if (verdict == Verdict.ACCEPTED) {
            verdict = item;
          }
        }
        case "always_accept" -> {}
        default -> {
          if (WORST_FIRST.get(item) < WORST_FIRST.get(verdict)) {
            verdict = item;
          }
        }
      }
    }
    if (rules.acceptsIfAnyAccepted() && anyAccepted) {
      verdict = Verdict.ACCEPTED;
    }
    List<Double> scores = scores(rules, items, tests);
    double score =
        switch (rules.scoreMode()) {
          case "min" -> scores.stream().mapToDouble(Double::doubleValue).min().orElse(0);
          case "max" -> scores.stream().mapToDouble(Double::doubleValue).max().orElse(0);
          case "avg" -> scores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
          default -> scores.stream().mapToDouble(Double::doubleValue).sum();
        };
    if ((rules.rangeLow() != null && score < rules.rangeLow() - EPSILON)
        || (rules.rangeHigh() != null && score > rules.rangeHigh() + EPSILON)) {
      return new Result(
          Verdict.INTERNAL_ERROR,
          0,
          "score " + score + " outside the range of group " + group.name());
    }
    return new Result(verdict, score, null);
  }

  /**
   * The scores a group's grader aggregates: each subgroup's but a scoreless sample's, each test
   * case's whose validator wrote its score, and the other test cases' either one by one or, when
   * {@code accept_score} is set, together as one: {@code accept_score} when every one of them was
   * judged and accepted, else {@code reject_score}.
   */
  private static List<Double> scores(GroupRules rules, List<Judged> items, int tests) {
    List<Double> scores = new ArrayList<>();
    int judgedTests = 0;
    boolean allAccepted = true;
    boolean unit = false;
    for (Judged item : items) {
      if (item.test()) {
        judgedTests++;
        allAccepted &= item.result().verdict() == Verdict.ACCEPTED;
      }
      if (item.scoreless()) {
        continue;
      }
      if (item.test() && !item.validatorScore() && rules.acceptsOnce()) {
        unit = true;
      } else {
        scores.add(item.result().score());
      }
    }
    if (unit) {
      scores.add(allAccepted && judgedTests == tests ? rules.acceptScore() : rules.rejectScore());
    }
    return scores;
  }

  // ---------------------------------------------------------------- 2023-07 (§11)

  private static Graded v2023Root(TestGroup root, Judging judging) {
    Verdict firstRejected = null;
    String error = null;
    double score = 0;
    for (TestGroup.Item item : root.items()) {
      TestGroup group = item.group();
      if (group == null) {
        continue;
      }
      Result result =
          group.name().equals("sample") ? v2023Sample(group, judging) : v2023(group, judging);
      if (result.verdict() == Verdict.INTERNAL_ERROR && error == null) {
        error = result.error();
      }
      if (group.name().equals("secret")) {
        score = result.score();
      }
    }
    for (TestResult test : judging.tests) {
      if (test.verdict() != Verdict.ACCEPTED) {
        firstRejected = test.verdict();
        break;
      }
    }
    Verdict verdict;
    if (error != null) {
      verdict = Verdict.INTERNAL_ERROR;
      score = 0;
    } else if (firstRejected == null || score > 0) {
      verdict = Verdict.ACCEPTED;
    } else {
      verdict = firstRejected;
    }
    return new Graded(
        verdict,
        score,
        maxScore(root, false),
        withUnjudged(root, judging.groups).stream()
            .filter(g -> !g.name().equals(ROOT) && !g.name().equals("sample"))
            .toList(),
        judging.tests,
        error);
  }

  private static Result v2023Sample(TestGroup sample, Judging judging) {
    judging.groups.add(new GroupResult(sample.name(), null, null, null));
    Verdict verdict = Verdict.ACCEPTED;
    String error = null;
    for (TestGroup.Item item : sample.items()) {
      if (item.test() == null) {
        continue;
      }
      TestRun run = judging.runner.run(item.test());
      Verdict test = run.result().verdict();
      judging.tests.add(run.result());
      if (test == Verdict.INTERNAL_ERROR && error == null) {
        error = run.result().checkerMessage();
      }
      if (verdict == Verdict.ACCEPTED) {
        verdict = test;
      }
    }
    return new Result(error != null ? Verdict.INTERNAL_ERROR : verdict, 0, error);
  }

  private static Result v2023(TestGroup group, Judging judging) {
    GroupRules rules = group.rules();
    String aggregation = rules.aggregation();
    boolean stops = !"sum".equals(aggregation);
    int slot = judging.groups.size();
    judging.groups.add(null);
    List<Result> items = new ArrayList<>();
    for (TestGroup.Item item : group.items()) {
      Result result =
          item.test() != null
              ? v2023Test(rules, judging.runner.run(item.test()), judging)
              : v2023(item.group(), judging);
      items.add(result);
      if (stops && result.verdict() != Verdict.ACCEPTED) {
        break;
      }
    }
    Result result = v2023Aggregate(group, items);
    judging.groups.set(
        slot, new GroupResult(group.name(), result.verdict(), result.score(), rules.maxScore()));
    return result;
  }

  private static Result v2023Test(GroupRules rules, TestRun run, Judging judging) {
    TestResult test = run.result();
    Verdict verdict = test.verdict();
    String error = null;
    double score = 0;
    boolean passFail = "pass-fail".equals(rules.aggregation());
    Double max = rules.testMaxScore();
    if (verdict == Verdict.ACCEPTED) {
      if (run.scoreFile() != null && run.scoreMultiplier() != null) {
        error = "the validator wrote both score.txt and score_multiplier.txt";
      } else if (passFail && (run.scoreFile() != null || run.scoreMultiplier() != null)) {
        error = "the validator wrote a score in a pass-fail group";
      } else if (run.scoreFile() != null) {
        score = run.scoreFile();
        if (score < 0) {
          error = "score.txt holds a negative score";
        }
      } else if (run.scoreMultiplier() != null) {
        double factor = run.scoreMultiplier();
        if (max == null) {
          error = "score_multiplier.txt in an unbounded group";
        } else if (factor < 0 || factor > 1) {
          error = "score_multiplier.txt holds " + factor + ", not a number in [0, 1]";
        } else {
          score = factor * max;
        }
      } else if (max == null) {
        error = "an accepted test of an unbounded group needs score.txt";
      } else {
        score = max;
      }
    }
    if (error != null) {
      verdict = Verdict.INTERNAL_ERROR;
      score = 0;
    } else if (verdict == Verdict.INTERNAL_ERROR) {
      error = test.checkerMessage();
    }
    judging.tests.add(judgeError(test, verdict, error).withScore(score));
    return new Result(verdict, score, error);
  }

  private static Result v2023Aggregate(TestGroup group, List<Result> items) {
    GroupRules rules = group.rules();
    Verdict verdict = Verdict.ACCEPTED;
    for (Result item : items) {
      if (item.verdict() == Verdict.INTERNAL_ERROR) {
        return new Result(Verdict.INTERNAL_ERROR, 0, item.error());
      }
      if (verdict == Verdict.ACCEPTED) {
        verdict = item.verdict();
      }
    }
    double score =
        switch (rules.aggregation()) {
          case "pass-fail" ->
              verdict == Verdict.ACCEPTED && rules.maxScore() != null ? rules.maxScore() : 0;
          case "min" -> items.stream().mapToDouble(Result::score).min().orElse(0);
          default -> items.stream().mapToDouble(Result::score).sum();
        };
    if (rules.maxScore() != null && score > rules.maxScore() + EPSILON) {
      return new Result(
          Verdict.INTERNAL_ERROR,
          0,
          "score " + score + " above the maximum " + rules.maxScore() + " of " + group.name());
    }
    return new Result(verdict, score, null);
  }

  // ---------------------------------------------------------------- shared

  private static TestResult judgeError(TestResult test, Verdict verdict, String error) {
    if (verdict == test.verdict()) {
      return test;
    }
    return new TestResult(
        test.name(),
        verdict,
        test.weight(),
        test.cpuTimeMs(),
        test.wallTimeMs(),
        test.memoryKb(),
        test.exitCode(),
        test.stopReason(),
        error,
        test.stdout(),
        test.stderr(),
        test.score());
  }

  /** Every group of the tree in judging order, those not judged with a null verdict. */
  private static List<GroupResult> withUnjudged(TestGroup root, List<GroupResult> judged) {
    List<GroupResult> all = new ArrayList<>();
    for (TestGroup group : root.flatten()) {
      GroupResult found = null;
      for (GroupResult result : judged) {
        if (result != null && result.name().equals(group.name())) {
          found = result;
          break;
        }
      }
      all.add(
          found != null
              ? found
              : new GroupResult(
                  group.name(),
                  null,
                  null,
                  group.rules().legacyScheme()
                      ? group.rules().rangeHigh()
                      : group.rules().maxScore()));
    }
    return all;
  }
}
