package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.limits.LimitOverrides;
import java.util.List;

/**
 * How a problem's output is judged.
 *
 * @param kind {@code default} (token comparison of the ICPC/Kattis default output validator),
 *     {@code exact} (byte comparison, trailing whitespace ignored) or {@code custom} (the problem's
 *     own output validator program)
 * @param flags the validator flags of {@code problem.yaml}, e.g. {@code float_tolerance 1e-6};
 *     passed to a custom validator as extra arguments
 * @param language for {@code custom}: the language the validator is written in
 * @param files for {@code custom}: the validator's source files
 * @param interactive for {@code custom}: the validator talks to the submission while it runs
 *     (docs/problems.md §8); null: false
 * @param passes for {@code custom}: the most passes of a multi-pass problem ({@code
 *     validation_passes}, §9); null: one pass
 * @param scoreFile for {@code custom}: what the validator may write as a test's score: {@code
 *     required} (legacy {@code custom score}: {@code score.txt} with every accepted test, and with
 *     a rejected one if it likes), {@code legacy} (a legacy scoring problem's plain {@code custom}
 *     validator: {@code score.txt} if it likes, with acceptance or rejection, as DOMjudge reads
 *     it), {@code allowed} (2023-07 scoring problems: {@code score.txt} or {@code
 *     score_multiplier.txt} with acceptance only); null: none (writing one is a judge error)
 * @param limits for {@code custom}: the package's own limits of the validator's runs ({@code
 *     validation_time}, {@code validation_memory}, {@code validation_output}), which raise the
 *     configured {@code limits.checker} where they are larger; null: none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CheckerSpec(
    String kind,
    List<String> flags,
    String language,
    List<SourceFile> files,
    Boolean interactive,
    Integer passes,
    String scoreFile,
    LimitOverrides limits) {
  public static final String DEFAULT = "default";
  public static final String EXACT = "exact";
  public static final String CUSTOM = "custom";

  public CheckerSpec {
    kind = kind == null ? DEFAULT : kind;
    flags = flags == null ? List.of() : List.copyOf(flags);
    files = files == null ? List.of() : List.copyOf(files);
    // why: absent rather than empty, so that versions stored before validator limits existed keep
    // their digest.
    limits = LimitOverrides.NONE.equals(limits) ? null : limits;
  }

  public static final String SCORE_REQUIRED = "required";
  public static final String SCORE_ALLOWED = "allowed";
  public static final String SCORE_LEGACY = "legacy";

  public CheckerSpec(String kind, List<String> flags) {
    this(kind, flags, null, List.of());
  }

  /** A validator that only accepts or rejects, after the run, in one pass. */
  public CheckerSpec(String kind, List<String> flags, String language, List<SourceFile> files) {
    this(kind, flags, language, files, null, null, null, null);
  }

  public boolean interacts() {
    return Boolean.TRUE.equals(interactive);
  }

  /** How many passes a test may take: 1 unless multi-pass. */
  public int maxPasses() {
    return passes == null ? 1 : passes;
  }

  /**
   * Whether the validator may write the tests' scores (so their maximum is not known in advance).
   */
  public boolean scoresFromValidator() {
    return scoreFile != null;
  }

  /** The package's own limits of the validator's runs; {@link LimitOverrides#NONE} for none. */
  public LimitOverrides validatorLimits() {
    return limits == null ? LimitOverrides.NONE : limits;
  }

  public static CheckerSpec defaultChecker() {
    return new CheckerSpec(DEFAULT, List.of());
  }

  public boolean custom() {
    return CUSTOM.equals(kind);
  }
}
