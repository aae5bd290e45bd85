package dev.verdict.loadgen.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopRuleTest {
  private final StopRule rule = new StopRule(0.03, 10, null, 0.05);

  private static List<StopRule.Point> throughputs(double... values) {
    List<StopRule.Point> points = new ArrayList<>();
    for (double v : values) {
      points.add(new StopRule.Point(v, 100, 0));
    }
    return points;
  }

  @Test
  void goesOnWhileThroughputGrows() {
    assertThat(rule.stopReason(throughputs(10))).isEmpty();
    assertThat(rule.stopReason(throughputs(10, 19))).isEmpty();
    assertThat(rule.stopReason(throughputs(10, 19, 27))).isEmpty();
  }

  @Test
  void stopsWhenNeitherOfTheLastTwoStepsGainedThreePercent() {
    assertThat(rule.stopReason(throughputs(10, 19, 19.5, 19.4)))
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("grew less than 3% over two steps"));
  }

  @Test
  void oneFlatStepFollowedByGrowthDoesNotStop() {
    assertThat(rule.stopReason(throughputs(10, 10.1, 12))).isEmpty();
  }

  @Test
  void aGainOfExactlyTheMinimumCountsAsGrowth() {
    assertThat(rule.stopReason(throughputs(100, 101, 103))).isEmpty();
    assertThat(rule.stopReason(throughputs(100, 101, 102.9))).isPresent();
  }

  @Test
  void stopsWhenLatencyExplodes() {
    List<StopRule.Point> points =
        List.of(new StopRule.Point(10, 100, 0), new StopRule.Point(20, 1001, 0));

    assertThat(rule.stopReason(points))
        .hasValueSatisfying(reason -> assertThat(reason).contains("latency exploded"));
  }

  @Test
  void stopsAtTheAbsoluteLatencyBound() {
    StopRule bounded = new StopRule(0.03, 10, Duration.ofMillis(500), 0.05);

    assertThat(bounded.stopReason(List.of(new StopRule.Point(10, 501, 0))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("--max-p99 500 ms"));
    assertThat(bounded.stopReason(List.of(new StopRule.Point(10, 499, 0)))).isEmpty();
  }

  @Test
  void stopsWhenTooManySubmissionsFail() {
    assertThat(rule.stopReason(List.of(new StopRule.Point(10, 100, 0.06))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("6.0% of the step"));
  }

  @Test
  void rejectsSettingsOutOfRange() {
    assertThatThrownBy(() -> new StopRule(-0.1, 10, null, 0.05))
        .hasMessageContaining("--min-gain must be 0..1");
    assertThatThrownBy(() -> new StopRule(0.03, 1, null, 0.05))
        .hasMessageContaining("--latency-factor must be above 1");
  }
}
