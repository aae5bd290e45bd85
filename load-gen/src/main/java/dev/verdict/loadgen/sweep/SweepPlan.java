package dev.verdict.loadgen.sweep;

import dev.verdict.loadgen.run.Load;

/**
 * The loads a sweep offers, step after step: closed-loop client counts or open-loop rates, growing
 * by {@code step} (added) or by {@code factor} (multiplied) when {@code factor} is above 1.
 */
public record SweepPlan(boolean open, double from, double step, double factor, int maxSteps) {

  public SweepPlan {
    if (!(from > 0)) {
      throw new IllegalArgumentException("--from must be positive, was " + from);
    }
    if (!(factor > 1) && !(step > 0)) {
      throw new IllegalArgumentException("--step must be positive (or --factor above 1)");
    }
    if (maxSteps < 1 || maxSteps > 1000) {
      throw new IllegalArgumentException("--max-steps must be 1..1000, was " + maxSteps);
    }
  }

  /** The load of step {@code index} (0-based); client counts always grow by at least one. */
  public Load load(int index) {
    double value = from;
    for (int i = 0; i < index; i++) {
      double next = factor > 1 ? value * factor : value + step;
      value = open ? next : Math.max(Math.floor(value) + 1, (double) Math.round(next));
    }
    return open ? Load.open(value) : Load.closed((int) Math.round(value));
  }
}
