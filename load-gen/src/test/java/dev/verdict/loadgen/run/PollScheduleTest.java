package dev.verdict.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.loadgen.client.PollSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

  @Test
  void waitsGrowByTheFactorUpToTheMaximumAndProgressResetsThem() {
    PollSchedule schedule =
        new PollSchedule(new PollSettings(Duration.ofMillis(20), Duration.ofMillis(100), 2.0));

    assertThat(schedule.nextDelayNanos()).isEqualTo(20_000_000L);
    assertThat(schedule.nextDelayNanos()).isEqualTo(40_000_000L);
    assertThat(schedule.nextDelayNanos()).isEqualTo(80_000_000L);
    assertThat(schedule.nextDelayNanos()).isEqualTo(100_000_000L);
    assertThat(schedule.nextDelayNanos()).isEqualTo(100_000_000L);
    schedule.progressed();
    assertThat(schedule.nextDelayNanos()).isEqualTo(20_000_000L);
  }

  @Test
  void aFactorOfOneKeepsTheIntervalFixed() {
    PollSchedule schedule =
        new PollSchedule(new PollSettings(Duration.ofMillis(5), Duration.ofMillis(500), 1.0));

    for (int i = 0; i < 10; i++) {
      assertThat(schedule.nextDelayNanos()).isEqualTo(5_000_000L);
    }
  }

  @Test
  void settingsOutOfRangeNameTheOption() {
    assertThatThrownBy(() -> new PollSettings(Duration.ofMillis(50), Duration.ofMillis(10), 1.5))
        .hasMessageContaining("--max-poll-interval must be at least --poll-interval");
    assertThatThrownBy(() -> new PollSettings(Duration.ZERO, Duration.ofMillis(10), 1.5))
        .hasMessageContaining("--poll-interval must be 1ms..10s");
    assertThatThrownBy(() -> new PollSettings(Duration.ofMillis(5), Duration.ofMillis(10), 9))
        .hasMessageContaining("--poll-backoff must be 1.0..4.0");
  }
}
