package dev.verdict.common.config;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;

/**
 * Default, compile-step and maximum resource limits. Key prefix {@code limits.}.
 *
 * <p>{@code limits.checker} bounds a problem's own output validator, run once per test.
 *
 * <p>A test run's limits are resolved in this order: {@code limits.run}, the language's {@code
 * limits}, the problem's {@code limits}; the CPU and wall time are then multiplied by the
 * language's {@code timeMultiplier}; a wall time nobody set is derived from the CPU time {@code T}
 * as judges derive it, {@code T + max(wallOvershootMs, wallOvershootPercent% of T)} (DOMjudge's
 * {@code timelimit_overshoot: 1s|10%}, docs/problems.md §12.2), so a program that sleeps or blocks
 * well past its time limit is stopped and judged TIME_LIMIT_EXCEEDED; finally every value is
 * clamped to {@code limits.max}. A compile step's or a validator's wall time nobody set is {@code
 * cpu * wallTimeFactor + wallTimeExtraMs}.
 *
 * <p>{@code limits.outputExcerptBytes} is how much of each test's stdout and stderr a result keeps;
 * {@code limits.adhocOutputBytes} the same for an ad-hoc run (a Jobe run among them), whose purpose
 * is to show what the program wrote.
 */
public record LimitsConfig(
    LimitOverrides run,
    LimitOverrides compile,
    LimitOverrides max,
    LimitOverrides checker,
    Double wallTimeFactor,
    Long wallTimeExtraMs,
    Integer outputExcerptBytes,
    Long wallOvershootMs,
    Integer wallOvershootPercent,
    Integer adhocOutputBytes) {

  public static final ResourceLimits DEFAULT_RUN =
      new ResourceLimits(2_000, 5_000, 256, 64, 8_192, 65_536, 64, 64, 64);
  public static final ResourceLimits DEFAULT_COMPILE =
      new ResourceLimits(15_000, 30_000, 1_024, 128, 64, 262_144, 256, 64, 256);
  public static final ResourceLimits DEFAULT_CHECKER =
      new ResourceLimits(10_000, 30_000, 1_024, 64, 1_024, 65_536, 64, 64, 64);
  public static final ResourceLimits DEFAULT_MAX =
      new ResourceLimits(60_000, 180_000, 4_096, 1_024, 65_536, 1_048_576, 4_096, 1_024, 1_024);
  public static final double DEFAULT_WALL_TIME_FACTOR = 2.0;
  public static final long DEFAULT_WALL_TIME_EXTRA_MS = 1_000;
  public static final long DEFAULT_WALL_OVERSHOOT_MS = 1_000;
  public static final int DEFAULT_WALL_OVERSHOOT_PERCENT = 10;

  /**
   * How many bytes of each test's stdout and stderr a result keeps, so that a submitter can see
   * what their program printed on a sample test; results travel through Redis and MongoDB, so a
   * test's whole output (up to the output limit) is never kept.
   */
  public static final int DEFAULT_OUTPUT_EXCERPT_BYTES = 1_024;

  public static final int DEFAULT_ADHOC_OUTPUT_BYTES = 65_536;

  public LimitsConfig {
    run = run == null ? LimitOverrides.NONE : run;
    compile = compile == null ? LimitOverrides.NONE : compile;
    max = max == null ? LimitOverrides.NONE : max;
    checker = checker == null ? LimitOverrides.NONE : checker;
    wallTimeFactor = wallTimeFactor == null ? DEFAULT_WALL_TIME_FACTOR : wallTimeFactor;
    if (wallTimeFactor < 1.0 || wallTimeFactor > 100.0) {
      throw new ConfigException("limits.wallTimeFactor must be 1.0..100.0, was " + wallTimeFactor);
    }
    wallTimeExtraMs =
        Check.longIn(
            "limits.wallTimeExtraMs", wallTimeExtraMs, DEFAULT_WALL_TIME_EXTRA_MS, 0, 600_000);
    wallOvershootMs =
        Check.longIn(
            "limits.wallOvershootMs", wallOvershootMs, DEFAULT_WALL_OVERSHOOT_MS, 0, 600_000);
    wallOvershootPercent =
        Check.intIn(
            "limits.wallOvershootPercent",
            wallOvershootPercent,
            DEFAULT_WALL_OVERSHOOT_PERCENT,
            0,
            1_000);
    outputExcerptBytes =
        Check.intIn(
            "limits.outputExcerptBytes",
            outputExcerptBytes,
            DEFAULT_OUTPUT_EXCERPT_BYTES,
            0,
            65_536);
    // why: a result travels whole in one MongoDB document (16 MiB at most) and through Redis;
    // 50 tests of 2 streams at the maximum stay within it.
    adhocOutputBytes =
        Check.intIn(
            "limits.adhocOutputBytes", adhocOutputBytes, DEFAULT_ADHOC_OUTPUT_BYTES, 0, 131_072);
  }

  /** Without the key added last: the default ad-hoc output. */
  public LimitsConfig(
      LimitOverrides run,
      LimitOverrides compile,
      LimitOverrides max,
      LimitOverrides checker,
      Double wallTimeFactor,
      Long wallTimeExtraMs,
      Integer outputExcerptBytes,
      Long wallOvershootMs,
      Integer wallOvershootPercent) {
    this(
        run,
        compile,
        max,
        checker,
        wallTimeFactor,
        wallTimeExtraMs,
        outputExcerptBytes,
        wallOvershootMs,
        wallOvershootPercent,
        null);
  }

  public static LimitsConfig defaults() {
    return new LimitsConfig(null, null, null, null, null, null, null, null, null, null);
  }

  public ResourceLimits maxima() {
    return max.over(DEFAULT_MAX);
  }

  /** The limits of a test run, before any problem or language says otherwise. */
  public ResourceLimits runDefaults() {
    return resolveRun(LimitOverrides.NONE, LimitOverrides.NONE, 1.0);
  }

  /**
   * The limits of one test run.
   *
   * @param language the language's own overrides
   * @param problem the problem's overrides, which win over the language's
   * @param timeMultiplier the language's factor on CPU and wall time (slow interpreters)
   */
  public ResourceLimits resolveRun(
      LimitOverrides language, LimitOverrides problem, double timeMultiplier) {
    LimitOverrides merged = run.with(language).with(problem);
    ResourceLimits limits = merged.over(DEFAULT_RUN);
    long cpu = Math.round(limits.timeLimitMs() * timeMultiplier);
    long wall =
        merged.wallTimeMs() != null
            ? Math.round(merged.wallTimeMs() * timeMultiplier)
            : cpu + Math.max(wallOvershootMs, Math.round(cpu * wallOvershootPercent / 100.0));
    return limits.withTime(cpu, wall).clampTo(maxima());
  }

  /** The limits of one run of a problem's own output validator (judge code, sandboxed too). */
  public ResourceLimits resolveChecker() {
    return resolveChecker(LimitOverrides.NONE);
  }

  /**
   * The limits of one run of a problem's own output validator, raised to the package's own ({@code
   * validation_time}, {@code validation_memory}, {@code validation_output}) where those are larger.
   */
  public ResourceLimits resolveChecker(LimitOverrides problem) {
    return raised(checker, DEFAULT_CHECKER, problem);
  }

  /** The limits of a compile step. */
  public ResourceLimits resolveCompile(LimitOverrides language) {
    return resolveCompile(language, LimitOverrides.NONE);
  }

  /**
   * The limits of a compile step, raised to the package's own ({@code compilation_time}, {@code
   * compilation_memory}) where those are larger.
   */
  public ResourceLimits resolveCompile(LimitOverrides language, LimitOverrides problem) {
    return raised(compile.with(language), DEFAULT_COMPILE, problem);
  }

  /**
   * The configured limits, each of time, memory and output raised to {@code problem}'s where that
   * is larger (a package may ask for more than the defaults, never for less: the defaults are what
   * every judge gives at least); a raised time limit raises the wall time with it.
   */
  private ResourceLimits raised(
      LimitOverrides configured, ResourceLimits base, LimitOverrides problem) {
    ResourceLimits plain = withTimes(configured, base);
    Long cpu = larger(problem.timeLimitMs(), plain.timeLimitMs());
    Long wall =
        cpu == null
            ? null
            : Math.max(plain.wallTimeMs(), Math.round(cpu * wallTimeFactor) + wallTimeExtraMs);
    Integer memory =
        problem.memoryMb() != null && problem.memoryMb() > plain.memoryMb()
            ? problem.memoryMb()
            : null;
    Long output = larger(problem.outputKb(), plain.outputKb());
    return withTimes(
        configured.with(
            new LimitOverrides(cpu, wall, memory, null, output, null, null, null, null)),
        base);
  }

  private static Long larger(Long asked, long configured) {
    return asked != null && asked > configured ? asked : null;
  }

  private ResourceLimits withTimes(LimitOverrides merged, ResourceLimits base) {
    ResourceLimits limits = merged.over(base);
    long cpu = limits.timeLimitMs();
    long wall =
        merged.wallTimeMs() != null
            ? merged.wallTimeMs()
            : Math.round(cpu * wallTimeFactor) + wallTimeExtraMs;
    return limits.withTime(cpu, wall).clampTo(maxima());
  }
}
