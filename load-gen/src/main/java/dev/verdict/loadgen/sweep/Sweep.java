package dev.verdict.loadgen.sweep;

import dev.verdict.loadgen.run.Load;
import dev.verdict.loadgen.run.LoadRun;
import dev.verdict.loadgen.run.RunFigures;
import dev.verdict.loadgen.run.RunLimits;
import dev.verdict.loadgen.run.RunOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Raises the offered load step by step, one {@link LoadRun} per step, until the {@link StopRule}
 * says the system is saturated or the plan runs out; Throughput_max is the best step's throughput.
 */
public final class Sweep {
  private final LoadRun run;
  private final SweepPlan plan;
  private final RunLimits perStep;
  private final StopRule rule;
  private final PrintWriter out;

  public Sweep(LoadRun run, SweepPlan plan, RunLimits perStep, StopRule rule, PrintWriter out) {
    this.run = run;
    this.plan = plan;
    this.perStep = perStep;
    this.rule = rule;
    this.out = out;
  }

  /** One step: its load, figures and raw samples. */
  public record Step(int index, Load load, RunFigures figures, RunOutcome outcome) {
    StopRule.Point point() {
      return new StopRule.Point(
          figures.gradedPerSecond(), figures.endToEnd().p99Ms(), figures.failureRate());
    }
  }

  /**
   * @param best the index of the step with the highest throughput
   * @param stopReason why the sweep ended
   */
  public record Result(List<Step> steps, int best, double throughputMax, String stopReason) {
    public Result {
      steps = List.copyOf(steps);
    }
  }

  public Result execute() throws InterruptedException {
    List<Step> steps = new ArrayList<>();
    List<StopRule.Point> points = new ArrayList<>();
    String reason = "reached --max-steps " + plan.maxSteps();
    for (int i = 0; i < plan.maxSteps(); i++) {
      Load load = plan.load(i);
      RunOutcome outcome = run.execute(i, load, perStep);
      Step step = new Step(i, load, RunFigures.of(outcome), outcome);
      steps.add(step);
      points.add(step.point());
      RunFigures f = step.figures();
      out.printf(
          "step %2d  %-14s %8.2f graded/s  e2e p50 %7.1f ms  p99 %7.1f ms  failed %d%n",
          i,
          load.describe(),
          f.gradedPerSecond(),
          f.endToEnd().p50Ms(),
          f.endToEnd().p99Ms(),
          f.failed());
      out.flush();
      Optional<String> stop = rule.stopReason(points);
      if (stop.isPresent()) {
        reason = stop.get();
        break;
      }
    }
    int best = 0;
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).figures().gradedPerSecond() > steps.get(best).figures().gradedPerSecond()) {
        best = i;
      }
    }
    return new Result(steps, best, steps.get(best).figures().gradedPerSecond(), reason);
  }
}
