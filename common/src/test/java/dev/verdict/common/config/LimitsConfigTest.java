package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;
import org.junit.jupiter.api.Test;

class LimitsConfigTest {
  private static final LimitOverrides NONE = LimitOverrides.NONE;

  @Test
  void run_defaults_derive_the_wall_time_from_the_cpu_time() {
    ResourceLimits limits = LimitsConfig.defaults().runDefaults();

    assertThat(limits.timeLimitMs()).isEqualTo(2_000);
    assertThat(limits.wallTimeMs()).as("T + max(1 s, 10%% of T)").isEqualTo(2_000 + 1_000);
    assertThat(limits.memoryMb()).isEqualTo(LimitsConfig.DEFAULT_RUN.memoryMb());
  }

  @Test
  void the_language_wins_over_the_configuration_and_the_problem_wins_over_the_language() {
    LimitsConfig config = withRun(overrides().time(1_000).memory(128).processes(8).build());
    LimitOverrides language = overrides().time(3_000).memory(512).processes(16).build();
    LimitOverrides problem = overrides().memory(64).build();

    ResourceLimits limits = config.resolveRun(language, problem, 1.0);

    assertThat(limits.memoryMb()).as("problem").isEqualTo(64);
    assertThat(limits.timeLimitMs()).as("language").isEqualTo(3_000);
    assertThat(limits.processes()).as("language").isEqualTo(16);
    assertThat(limits.openFiles()).as("built-in").isEqualTo(LimitsConfig.DEFAULT_RUN.openFiles());
  }

  @Test
  void the_configuration_wins_over_the_built_in_defaults() {
    LimitsConfig config = withRun(overrides().time(1_000).memory(128).build());

    ResourceLimits limits = config.resolveRun(NONE, NONE, 1.0);

    assertThat(limits.timeLimitMs()).isEqualTo(1_000);
    assertThat(limits.memoryMb()).isEqualTo(128);
  }

  @Test
  void the_time_multiplier_scales_cpu_time_before_the_wall_time_is_derived() {
    ResourceLimits limits =
        LimitsConfig.defaults().resolveRun(NONE, overrides().time(1_000).build(), 2.5);

    assertThat(limits.timeLimitMs()).isEqualTo(2_500);
    assertThat(limits.wallTimeMs()).isEqualTo(2_500 + 1_000);
  }

  @Test
  void the_time_multiplier_scales_an_explicit_wall_time_too() {
    LimitOverrides language = overrides().time(1_000).wall(4_000).build();

    ResourceLimits limits = LimitsConfig.defaults().resolveRun(language, NONE, 2.0);

    assertThat(limits.timeLimitMs()).isEqualTo(2_000);
    assertThat(limits.wallTimeMs()).isEqualTo(8_000);
  }

  @Test
  void the_time_multiplier_leaves_memory_alone() {
    ResourceLimits limits =
        LimitsConfig.defaults().resolveRun(NONE, overrides().memory(100).build(), 3.0);

    assertThat(limits.memoryMb()).isEqualTo(100);
  }

  @Test
  void a_test_run_s_wall_time_overshoots_its_cpu_time_by_a_second_or_ten_percent() {
    ResourceLimits shortRun =
        LimitsConfig.defaults().resolveRun(NONE, overrides().time(1_000).build(), 1.0);
    ResourceLimits longRun =
        LimitsConfig.defaults().resolveRun(NONE, overrides().time(30_000).build(), 1.0);

    assertThat(shortRun.wallTimeMs()).isEqualTo(2_000);
    assertThat(longRun.wallTimeMs()).isEqualTo(33_000);
  }

  @Test
  void the_derived_wall_time_uses_the_configured_overshoot() {
    LimitsConfig config = new LimitsConfig(null, null, null, null, null, null, null, 500L, 50);

    ResourceLimits limits = config.resolveRun(NONE, overrides().time(2_000).build(), 1.0);

    assertThat(limits.wallTimeMs()).isEqualTo(2_000 + 1_000);
  }

  @Test
  void a_validator_s_derived_wall_time_uses_the_configured_factor_and_extra() {
    LimitsConfig config =
        new LimitsConfig(
            null, null, null, overrides().time(1_000).build(), 3.0, 500L, null, null, null);

    assertThat(config.resolveChecker().wallTimeMs()).isEqualTo(1_000 * 3 + 500);
  }

  @Test
  void a_package_raises_the_validator_s_and_the_compile_step_s_limits_but_never_lowers_them() {
    LimitsConfig config = LimitsConfig.defaults();

    ResourceLimits validator =
        config.resolveChecker(overrides().time(60_000).memory(512).output(16_384L).build());
    ResourceLimits compile =
        config.resolveCompile(NONE, overrides().time(1_000).memory(2_048).build());

    assertThat(validator.timeLimitMs()).isEqualTo(60_000);
    assertThat(validator.wallTimeMs()).isEqualTo(60_000 * 2 + 1_000);
    assertThat(validator.memoryMb()).isEqualTo(LimitsConfig.DEFAULT_CHECKER.memoryMb());
    assertThat(validator.outputKb()).isEqualTo(16_384);
    assertThat(compile.timeLimitMs()).isEqualTo(LimitsConfig.DEFAULT_COMPILE.timeLimitMs());
    assertThat(compile.memoryMb()).isEqualTo(2_048);
  }

  @Test
  void every_limit_is_clamped_to_the_built_in_maxima() {
    LimitOverrides problem = overrides().time(100_000).memory(10_000).processes(5_000).build();

    ResourceLimits limits = LimitsConfig.defaults().resolveRun(NONE, problem, 1.0);

    assertThat(limits.timeLimitMs()).isEqualTo(LimitsConfig.DEFAULT_MAX.timeLimitMs());
    assertThat(limits.wallTimeMs()).isLessThanOrEqualTo(LimitsConfig.DEFAULT_MAX.wallTimeMs());
    assertThat(limits.memoryMb()).isEqualTo(LimitsConfig.DEFAULT_MAX.memoryMb());
    assertThat(limits.processes()).isEqualTo(LimitsConfig.DEFAULT_MAX.processes());
  }

  @Test
  void limits_are_clamped_after_the_time_multiplier() {
    ResourceLimits limits =
        LimitsConfig.defaults().resolveRun(NONE, overrides().time(40_000).build(), 2.0);

    assertThat(limits.timeLimitMs()).isEqualTo(60_000);
  }

  @Test
  void configured_maxima_replace_the_built_in_ones() {
    LimitsConfig config =
        new LimitsConfig(
            null,
            null,
            overrides().memory(512).time(5_000).build(),
            null,
            null,
            null,
            null,
            null,
            null);

    ResourceLimits limits =
        config.resolveRun(NONE, overrides().memory(1_024).time(10_000).build(), 1.0);

    assertThat(limits.memoryMb()).isEqualTo(512);
    assertThat(limits.timeLimitMs()).isEqualTo(5_000);
    assertThat(config.maxima().processes()).isEqualTo(LimitsConfig.DEFAULT_MAX.processes());
  }

  @Test
  void compile_limits_start_from_the_compile_defaults_and_take_the_language_s() {
    ResourceLimits limits =
        LimitsConfig.defaults().resolveCompile(overrides().memory(2_048).build());

    assertThat(limits.memoryMb()).isEqualTo(2_048);
    assertThat(limits.timeLimitMs()).isEqualTo(LimitsConfig.DEFAULT_COMPILE.timeLimitMs());
    assertThat(limits.wallTimeMs()).isEqualTo(15_000 * 2 + 1_000);
  }

  @Test
  void a_wall_time_factor_out_of_range_fails_naming_key_and_range() {
    assertThatThrownBy(() -> new LimitsConfig(null, null, null, null, 0.5, null, null, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("limits.wallTimeFactor must be 1.0..100.0, was 0.5");
  }

  @Test
  void a_negative_wall_time_extra_fails_naming_key_and_range() {
    assertThatThrownBy(() -> new LimitsConfig(null, null, null, null, null, -1L, null, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("limits.wallTimeExtraMs must be 0..600000, was -1");
  }

  private static LimitsConfig withRun(LimitOverrides run) {
    return new LimitsConfig(run, null, null, null, null, null, null, null, null);
  }

  private static OverridesBuilder overrides() {
    return new OverridesBuilder();
  }

  /** Only the limits these tests vary. */
  private static final class OverridesBuilder {
    private Long time;
    private Long wall;
    private Integer memory;
    private Integer processes;
    private Long output;

    OverridesBuilder time(long ms) {
      this.time = ms;
      return this;
    }

    OverridesBuilder wall(long ms) {
      this.wall = ms;
      return this;
    }

    OverridesBuilder memory(int mb) {
      this.memory = mb;
      return this;
    }

    OverridesBuilder processes(int n) {
      this.processes = n;
      return this;
    }

    OverridesBuilder output(long kb) {
      this.output = kb;
      return this;
    }

    LimitOverrides build() {
      return new LimitOverrides(time, wall, memory, processes, output, null, null, null, null);
    }
  }
}
