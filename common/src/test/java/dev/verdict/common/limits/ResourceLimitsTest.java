package dev.verdict.common.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
  private static final ResourceLimits SMALL = new ResourceLimits(1, 2, 3, 4, 5, 6, 7, 8, 9);
  private static final ResourceLimits LARGE =
      new ResourceLimits(100, 200, 300, 400, 500, 600, 700, 800, 900);
  private static final ResourceLimits EVERY = new ResourceLimits(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  private static final LimitOverrides EVERY_SET =
      new LimitOverrides(11L, 12L, 13, 14, 15L, 16L, 17, 18, 19, 20L);

  @Test
  void a_non_positive_limit_is_rejected_showing_the_values_given() {
    assertThatThrownBy(() -> new ResourceLimits(1_000, 3_000, 0, 4, 5, 6, 7, 8, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memoryMb=0")
        .hasMessageContaining("timeLimitMs=1000");
  }

  @Test
  void clamping_takes_the_smaller_of_each_limit() {
    ResourceLimits mixed = new ResourceLimits(1, 200, 3, 400, 5, 600, 7, 800, 9);

    assertThat(LARGE.clampTo(SMALL)).isEqualTo(SMALL);
    assertThat(SMALL.clampTo(LARGE)).isEqualTo(SMALL);
    assertThat(mixed.clampTo(new ResourceLimits(50, 50, 50, 50, 50, 50, 50, 50, 50)))
        .isEqualTo(new ResourceLimits(1, 50, 3, 50, 5, 50, 7, 50, 9));
  }

  @Test
  void clamping_against_larger_limits_keeps_every_limit() {
    assertThat(EVERY.clampTo(LARGE.withAddressSpaceKb(1_000))).isEqualTo(EVERY);
  }

  @Test
  void a_new_time_replaces_only_the_cpu_and_wall_time() {
    assertThat(EVERY.withTime(11, 12))
        .isEqualTo(new ResourceLimits(11, 12, 3, 4, 5, 6, 7, 8, 9, 10));
  }

  @Test
  void a_new_memory_limit_replaces_only_the_memory() {
    assertThat(EVERY.withMemoryMb(13))
        .isEqualTo(new ResourceLimits(1, 2, 13, 4, 5, 6, 7, 8, 9, 10));
  }

  @Test
  void a_new_address_space_limit_replaces_only_the_address_space() {
    assertThat(EVERY.withAddressSpaceKb(14))
        .isEqualTo(new ResourceLimits(1, 2, 3, 4, 5, 6, 7, 8, 9, 14));
    assertThat(EVERY.withAddressSpaceKb(0)).isEqualTo(SMALL);
  }

  @Test
  void an_address_space_limit_is_none_unless_set_and_clamps_only_against_a_set_maximum() {
    ResourceLimits limited = SMALL.withAddressSpaceKb(400_000);

    assertThat(SMALL.addressSpaceKb()).isZero();
    assertThat(limited.addressSpaceBytes()).isEqualTo(400_000L * 1024);
    assertThat(limited.clampTo(LARGE)).isEqualTo(limited);
    assertThat(SMALL.clampTo(LARGE.withAddressSpaceKb(1_000)))
        .isEqualTo(SMALL.withAddressSpaceKb(1_000));
    assertThat(limited.clampTo(LARGE.withAddressSpaceKb(1_000)))
        .isEqualTo(SMALL.withAddressSpaceKb(1_000));
    assertThat(
            new LimitOverrides(null, null, null, null, null, null, null, null, null, 400_000L)
                .over(SMALL))
        .isEqualTo(limited);
    assertThatThrownBy(
            () -> new LimitOverrides(null, null, null, null, null, null, null, null, null, 0L))
        .hasMessageContaining("addressSpaceKb");
  }

  @Test
  void sizes_convert_to_bytes_without_overflow() {
    ResourceLimits big = SMALL.withMemoryMb(4_096);

    assertThat(big.memoryBytes()).isEqualTo(4_096L * 1024 * 1024);
    assertThat(new ResourceLimits(1, 1, 1, 1, 8_388_608, 1, 1, 1, 1).outputBytes())
        .isEqualTo(8_388_608L * 1024);
  }

  @Test
  void overrides_replace_only_the_limits_they_set() {
    LimitOverrides memoryOnly =
        new LimitOverrides(null, null, 64, null, null, null, null, null, null);

    assertThat(memoryOnly.over(LARGE)).isEqualTo(LARGE.withMemoryMb(64));
    assertThat(LimitOverrides.NONE.over(LARGE)).isEqualTo(LARGE);
  }

  @Test
  void overrides_that_set_every_limit_replace_each_one_and_none_keep_each_one() {
    assertThat(EVERY_SET.over(EVERY))
        .isEqualTo(new ResourceLimits(11, 12, 13, 14, 15, 16, 17, 18, 19, 20));
    assertThat(LimitOverrides.NONE.over(EVERY)).isEqualTo(EVERY);
  }

  @Test
  void the_top_overrides_win_in_every_field_and_the_base_keeps_every_field_top_leaves_unset() {
    LimitOverrides base = new LimitOverrides(1L, 2L, 3, 4, 5L, 6L, 7, 8, 9, 10L);

    assertThat(base.with(EVERY_SET)).isEqualTo(EVERY_SET);
    assertThat(base.with(LimitOverrides.NONE)).isEqualTo(base);
  }

  @Test
  void the_top_overrides_win_field_by_field() {
    LimitOverrides base = new LimitOverrides(1_000L, null, 128, 8, null, null, null, null, null);
    LimitOverrides top = new LimitOverrides(null, null, 256, null, 64L, null, null, null, null);

    assertThat(base.with(top))
        .isEqualTo(new LimitOverrides(1_000L, null, 256, 8, 64L, null, null, null, null));
    assertThat(base.with(LimitOverrides.NONE)).isEqualTo(base);
  }

  @Test
  void a_non_positive_override_is_rejected_naming_it() {
    assertThatThrownBy(() -> new LimitOverrides(null, null, null, 0, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("processes must be positive, was 0");
  }
}
