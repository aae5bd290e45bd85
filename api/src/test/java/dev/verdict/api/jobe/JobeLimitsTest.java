package dev.verdict.api.jobe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobeLimitsTest {
  private static final ResourceLimits CEILING =
      new ResourceLimits(30_000, 60_000, 2048, 512, 65_536, 1_048_576, 256, 256, 256);
  private static final JobeLanguages.Known C =
      new JobeLanguages.Known("c", "c", List.of(), List.of());
  private static final JobeLanguages.Known JAVA =
      new JobeLanguages.Known("java", "java", List.of(), List.of());
  private static final JobeLanguages.Known PYTHON =
      new JobeLanguages.Known("python3", "python3", List.of(), List.of());
  private static final JobeLanguages.Known NODE =
      new JobeLanguages.Known("nodejs", "javascript", List.of(), List.of());

  private static RunParameters parameters(
      Double cpu, Integer memory, Integer procs, Integer disk, Integer stream) {
    return new RunParameters(cpu, memory, procs, disk, stream, null, null, null, null);
  }

  @Test
  void without_parameters_the_run_gets_jobes_defaults() {
    LimitOverrides limits = JobeLimits.of(RunParameters.NONE, C, CEILING);

    assertThat(limits.timeLimitMs()).isEqualTo(5_000);
    assertThat(limits.wallTimeMs()).isEqualTo(10_000);
    assertThat(limits.outputKb()).isEqualTo(2_000);
    assertThat(limits.fileSizeKb()).isEqualTo(20_000);
    assertThat(limits.memoryMb()).isNull();
    assertThat(limits.processes()).isNull();
  }

  @Test
  void each_parameter_maps_to_its_limit_in_jobes_units() {
    LimitOverrides limits = JobeLimits.of(parameters(1.5, 300, 20, 5, 1), C, CEILING);

    assertThat(limits.timeLimitMs()).isEqualTo(1_500);
    assertThat(limits.wallTimeMs()).isEqualTo(3_000);
    assertThat(limits.memoryMb()).isEqualTo(300);
    assertThat(limits.processes()).isEqualTo(20);
    assertThat(limits.fileSizeKb()).isEqualTo(5_000);
    assertThat(limits.outputKb()).isEqualTo(1_000);
  }

  @Test
  void no_memory_limit_or_no_disk_limit_asks_for_the_ceiling() {
    LimitOverrides limits = JobeLimits.of(parameters(null, 0, null, -1, null), C, CEILING);

    assertThat(limits.memoryMb()).isEqualTo(CEILING.memoryMb());
    assertThat(limits.fileSizeKb()).isEqualTo(CEILING.fileSizeKb());
  }

  @Test
  void every_limit_is_held_to_the_ceiling() {
    LimitOverrides limits =
        JobeLimits.of(parameters(100.0, 99_999, 10_000, 99_999, 999), C, CEILING);

    assertThat(limits.timeLimitMs()).isEqualTo(CEILING.timeLimitMs());
    assertThat(limits.wallTimeMs()).isEqualTo(CEILING.wallTimeMs());
    assertThat(limits.memoryMb()).isEqualTo(CEILING.memoryMb());
    assertThat(limits.processes()).isEqualTo(CEILING.processes());
    assertThat(limits.fileSizeKb()).isEqualTo(CEILING.fileSizeKb());
    assertThat(limits.outputKb()).isEqualTo(CEILING.outputKb());
  }

  @Test
  void java_ignores_memorylimit_and_gets_at_least_256_processes_as_in_jobe() {
    LimitOverrides limits = JobeLimits.of(parameters(null, 100, 10, null, null), JAVA, CEILING);

    assertThat(limits.memoryMb()).isNull();
    assertThat(limits.processes()).isEqualTo(256);
  }

  @Test
  void memorylimit_is_an_address_space_limit_with_jobes_default_per_language_and_an_8_mb_stack() {
    LimitOverrides c = JobeLimits.of(RunParameters.NONE, C, CEILING);
    LimitOverrides python = JobeLimits.of(RunParameters.NONE, PYTHON, CEILING);
    LimitOverrides asked = JobeLimits.of(parameters(null, 200_000, null, null, null), C, CEILING);

    assertThat(c.addressSpaceKb()).isEqualTo(400_000);
    assertThat(c.stackMb()).isEqualTo(8);
    assertThat(python.addressSpaceKb()).isEqualTo(1_000_000);
    assertThat(asked.addressSpaceKb()).isEqualTo(200_000_000);
    assertThat(asked.memoryMb()).isEqualTo(CEILING.memoryMb());
  }

  @Test
  void no_memory_limit_java_and_nodejs_by_default_have_no_address_space_limit() {
    LimitOverrides none = JobeLimits.of(parameters(null, 0, null, null, null), C, CEILING);
    LimitOverrides java = JobeLimits.of(parameters(null, 100, null, null, null), JAVA, CEILING);
    LimitOverrides node = JobeLimits.of(RunParameters.NONE, NODE, CEILING);
    LimitOverrides nodeAsked =
        JobeLimits.of(parameters(null, 1_000_000, null, null, null), NODE, CEILING);

    assertThat(none.addressSpaceKb()).isNull();
    assertThat(none.stackMb()).isNull();
    assertThat(java.addressSpaceKb()).isNull();
    assertThat(node.addressSpaceKb()).isNull();
    assertThat(nodeAsked.addressSpaceKb()).isEqualTo(1_000_000_000L);
  }
}
