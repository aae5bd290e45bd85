package dev.verdict.loadgen.packages;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a problem package expects of one of its example submissions: the verdicts it may get and,
 * for a scoring problem, what its score must be. The submission's folder under {@code submissions/}
 * says it, as the Kattis format defines those folders; a DOMjudge-style {@code @EXPECTED_RESULTS@:}
 * line in the source narrows or widens it.
 *
 * @param label how a report names the expectation ({@code accepted}, {@code wrong_answer}, ...)
 * @param verdicts the verdicts that meet it (Verdict's names); empty: any verdict does
 * @param score what the score of a scoring problem must be
 */
record Expectation(String label, Set<String> verdicts, Score score) {

  /** The score a scoring problem's submission must get. */
  enum Score {
    /** No condition. */
    ANY,
    /** The problem's maximum. */
    FULL,
    /** More than nothing and less than the maximum. */
    PARTIAL
  }

  private static final Set<String> RUN_ERRORS =
      Set.of("RUNTIME_ERROR", "MEMORY_LIMIT_EXCEEDED", "OUTPUT_LIMIT_EXCEEDED");

  private static final Pattern EXPECTED_RESULTS =
      Pattern.compile("@EXPECTED_RESULTS@:\\s*([A-Za-z_\\-, ]+)");

  /** DOMjudge's result names (and the format's folder-style names) in Verdict's words. */
  private static final Map<String, List<String>> RESULT_NAMES =
      Map.ofEntries(
          Map.entry("CORRECT", List.of("ACCEPTED")),
          Map.entry("ACCEPTED", List.of("ACCEPTED")),
          Map.entry("WRONG-ANSWER", List.of("WRONG_ANSWER")),
          Map.entry("WRONG_ANSWER", List.of("WRONG_ANSWER")),
          Map.entry("NO-OUTPUT", List.of("WRONG_ANSWER")),
          Map.entry("TIMELIMIT", List.of("TIME_LIMIT_EXCEEDED")),
          Map.entry("TIME_LIMIT_EXCEEDED", List.of("TIME_LIMIT_EXCEEDED")),
          Map.entry("RUN-ERROR", List.copyOf(RUN_ERRORS)),
          Map.entry("RUN_TIME_ERROR", List.copyOf(RUN_ERRORS)),
          Map.entry("RUNTIME_ERROR", List.copyOf(RUN_ERRORS)),
          Map.entry("OUTPUT-LIMIT", List.of("OUTPUT_LIMIT_EXCEEDED")),
          Map.entry("MEMORY-LIMIT", List.of("MEMORY_LIMIT_EXCEEDED")),
          Map.entry("COMPILER-ERROR", List.of("COMPILATION_ERROR")),
          Map.entry("COMPILATION_ERROR", List.of("COMPILATION_ERROR")));

  /**
   * The expectation of a submission in folder {@code folder} (below {@code submissions/}), or null
   * when the format gives that folder none (e.g. {@code slow_accepted}, {@code brute_force}).
   *
   * @param source the submission's source text, searched for {@code @EXPECTED_RESULTS@:}
   */
  static Expectation of(String folder, String source) {
    Expectation byFolder = byFolder(folder);
    Set<String> listed = listedResults(source);
    if (listed == null) {
      return byFolder;
    }
    return new Expectation(
        String.join("|", listed), listed, byFolder == null ? Score.ANY : byFolder.score());
  }

  private static Expectation byFolder(String folder) {
    return switch (folder) {
      case "accepted" -> new Expectation(folder, Set.of("ACCEPTED"), Score.FULL);
      case "partially_accepted" -> new Expectation(folder, Set.of("ACCEPTED"), Score.PARTIAL);
      case "wrong_answer" -> new Expectation(folder, Set.of("WRONG_ANSWER"), Score.ANY);
      case "time_limit_exceeded" ->
          new Expectation(folder, Set.of("TIME_LIMIT_EXCEEDED"), Score.ANY);
      case "run_time_error" -> new Expectation(folder, RUN_ERRORS, Score.ANY);
      case "rejected" ->
          new Expectation(
              folder,
              Set.of(
                  "WRONG_ANSWER",
                  "TIME_LIMIT_EXCEEDED",
                  "RUNTIME_ERROR",
                  "MEMORY_LIMIT_EXCEEDED",
                  "OUTPUT_LIMIT_EXCEEDED",
                  "COMPILATION_ERROR"),
              Score.ANY);
      default -> null;
    };
  }

  /** The verdicts an {@code @EXPECTED_RESULTS@:} line lists, or null when there is none. */
  private static Set<String> listedResults(String source) {
    Matcher matcher = EXPECTED_RESULTS.matcher(source);
    if (!matcher.find()) {
      return null;
    }
    Set<String> verdicts = new LinkedHashSet<>();
    for (String name : matcher.group(1).split("[,\\s]+")) {
      List<String> ours = RESULT_NAMES.get(name.trim().toUpperCase(Locale.ROOT));
      if (ours != null) {
        verdicts.addAll(ours);
      }
    }
    return verdicts.isEmpty() ? null : verdicts;
  }

  /**
   * Whether a result meets this expectation.
   *
   * @param maxScore the problem's maximum, or null for a pass-fail problem
   */
  boolean metBy(String verdict, Double score, Double maxScore) {
    if (!verdicts.isEmpty() && !verdicts.contains(verdict)) {
      return false;
    }
    if (maxScore == null || score == null) {
      return true;
    }
    double epsilon = 1e-6 * Math.max(1, Math.abs(maxScore));
    return switch (this.score) {
      case ANY -> true;
      case FULL -> Math.abs(score - maxScore) <= epsilon;
      case PARTIAL -> score > epsilon && score < maxScore - epsilon;
    };
  }
}
