package dev.verdict.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

  @Test
  void readsTheUsualWaysOfWritingDurations() {
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationConverter.parse("12")).isEqualTo(Duration.ofSeconds(12));
    assertThat(DurationConverter.parse("PT20S")).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    for (String bad : new String[] {"", "s", "30x", "30 s", "abc", "1m30"}) {
      assertThatThrownBy(() -> DurationConverter.parse(bad))
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("is not a duration");
    }
  }
}
