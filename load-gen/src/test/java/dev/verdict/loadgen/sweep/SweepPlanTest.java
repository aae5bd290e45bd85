package dev.verdict.loadgen.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.loadgen.run.Load;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

  @Test
  void closedLoopStepsAddClients() {
    SweepPlan plan = new SweepPlan(false, 1, 1, 0, 10);

    assertThat(IntStream.range(0, 4).mapToObj(plan::load).map(Load::clients))
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void aFactorMultipliesAndClientCountsAlwaysGrow() {
    SweepPlan plan = new SweepPlan(false, 1, 1, 1.3, 10);

    assertThat(IntStream.range(0, 5).mapToObj(plan::load).map(Load::clients))
        .containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void openLoopStepsAreRates() {
    SweepPlan plan = new SweepPlan(true, 5, 0, 2, 10);

    assertThat(IntStream.range(0, 3).mapToObj(plan::load).map(Load::rate))
        .containsExactly(5.0, 10.0, 20.0);
  }
}
