package dev.verdict.loadgen.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalePointTest {

  @Test
  void speedupIsThroughputOverOneCoresThroughputAndEfficiencyIsPerCore() {
    List<ScalePoint> points = ScalePoint.of(Map.of(4, 30.0, 1, 8.0, 2, 15.2));

    assertThat(points)
        .containsExactly(
            new ScalePoint(1, 8.0, 1.0, 1.0),
            new ScalePoint(2, 15.2, 1.9, 0.95),
            new ScalePoint(4, 30.0, 3.75, 0.938));
  }

  @Test
  void oneCoreMustBeMeasured() {
    assertThatThrownBy(() -> ScalePoint.of(Map.of(2, 10.0, 4, 20.0)))
        .hasMessageContaining("needs a measurement on 1 core");
  }

  @Test
  void nothingGradedOnOneCoreLeavesSpeedupUndefined() {
    assertThatThrownBy(() -> ScalePoint.of(Map.of(1, 0.0, 2, 10.0)))
        .hasMessageContaining("Tmax(1) is 0.0");
  }
}
