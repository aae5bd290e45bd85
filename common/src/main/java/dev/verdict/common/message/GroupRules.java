package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a test group's items' results make its own, as its {@code testdata.yaml} (and those above it)
 * says. Legacy packages use graders (docs/problems.md §10.2); 2023-07 packages with a {@code
 * scoring} map use aggregation (§11.2). Fields of the other scheme are null.
 *
 * @param scheme {@code legacy} or {@code 2023-07}
 * @param stopOnReject stop judging the group's remaining items at its first non-accepted one
 * @param verdictMode legacy: {@code worst_error}, {@code first_error} or {@code always_accept}
 * @param scoreMode legacy: {@code sum}, {@code avg}, {@code min} or {@code max}
 * @param ignoreSample legacy, root only: the result is that of the last item (secret)
 * @param acceptIfAnyAccepted legacy: accepted when any item is
 * @param acceptScore legacy: an accepted test's score when its validator wrote none
 * @param rejectScore legacy: a rejected test's score
 * @param rangeLow legacy: the lowest score the group may get, or null for no bound
 * @param rangeHigh legacy: the highest score the group may get, or null for no bound
 * @param aggregation 2023-07: {@code pass-fail}, {@code sum} or {@code min}
 * @param maxScore 2023-07: the group's maximum score, or null when unbounded
 * @param testMaxScore 2023-07: the maximum score of each of its test cases, or null when unbounded
 * @param acceptOnce legacy: {@code accept_score} is set (here or above), and is the score of the
 *     group's test cases together, given once when all of them are accepted (DOMjudge's reading,
 *     docs/problems.md §10.2); null: each accepted test case scores {@code accept_score} ([L]'s
 *     default of 1 when nothing sets it)
 * @param scoreless legacy: {@code data/sample} of a scoring package that gives it no {@code
 *     testdata.yaml} of its own: its tests are judged but add nothing to any score (DOMjudge; and
 *     2023-07 "samples never count")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupRules(
    String scheme,
    boolean stopOnReject,
    String verdictMode,
    String scoreMode,
    Boolean ignoreSample,
    Boolean acceptIfAnyAccepted,
    Double acceptScore,
    Double rejectScore,
    Double rangeLow,
    Double rangeHigh,
    String aggregation,
    Double maxScore,
    Double testMaxScore,
    Boolean acceptOnce,
    Boolean scoreless) {
  public static final String LEGACY = "legacy";
  public static final String V2023 = "2023-07";

  /** Legacy grader rules. */
  public static GroupRules legacy(
      boolean stopOnReject,
      String verdictMode,
      String scoreMode,
      boolean ignoreSample,
      boolean acceptIfAnyAccepted,
      double acceptScore,
      double rejectScore,
      Double rangeLow,
      Double rangeHigh) {
    return new GroupRules(
        LEGACY,
        stopOnReject,
        verdictMode,
        scoreMode,
        ignoreSample ? true : null,
        acceptIfAnyAccepted ? true : null,
        acceptScore,
        rejectScore,
        rangeLow,
        rangeHigh,
        null,
        null,
        null,
        null,
        null);
  }

  /** 2023-07 aggregation rules. */
  public static GroupRules v2023(
      boolean stopOnReject, String aggregation, Double maxScore, Double testMaxScore) {
    return new GroupRules(
        V2023,
        stopOnReject,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        aggregation,
        maxScore,
        testMaxScore,
        null,
        null);
  }

  /** These rules with {@code accept_score} given once for the group's test cases together. */
  public GroupRules withAcceptOnce() {
    return with(true, scoreless);
  }

  /** These rules for a sample group whose tests add nothing to any score. */
  public GroupRules withScoreless() {
    return with(acceptOnce, true);
  }

  private GroupRules with(Boolean acceptOnce, Boolean scoreless) {
    return new GroupRules(
        scheme,
        stopOnReject,
        verdictMode,
        scoreMode,
        ignoreSample,
        acceptIfAnyAccepted,
        acceptScore,
        rejectScore,
        rangeLow,
        rangeHigh,
        aggregation,
        maxScore,
        testMaxScore,
        acceptOnce,
        scoreless);
  }

  public boolean acceptsOnce() {
    return Boolean.TRUE.equals(acceptOnce);
  }

  public boolean isScoreless() {
    return Boolean.TRUE.equals(scoreless);
  }

  public boolean legacyScheme() {
    return LEGACY.equals(scheme);
  }

  public boolean ignoresSample() {
    return Boolean.TRUE.equals(ignoreSample);
  }

  public boolean acceptsIfAnyAccepted() {
    return Boolean.TRUE.equals(acceptIfAnyAccepted);
  }
}
