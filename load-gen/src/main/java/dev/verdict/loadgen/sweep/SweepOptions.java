package dev.verdict.loadgen.sweep;

import dev.verdict.loadgen.cli.DurationConverter;
import dev.verdict.loadgen.run.RunLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a sweep raises the load and when it stops. */
public final class SweepOptions {

  @Option(
      names = "--mode",
      paramLabel = "closed|open",
      defaultValue = "closed",
      description =
          "closed: each step runs a number of clients that wait for their result; open: each step"
              + " offers a Poisson rate (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--from",
      paramLabel = "LOAD",
      defaultValue = "1",
      description = "First step's load: clients, or submissions/s (default: ${DEFAULT-VALUE}).")
  double from;

  @Option(
      names = "--step",
      paramLabel = "LOAD",
      defaultValue = "1",
      description = "Load added at each step (default: ${DEFAULT-VALUE}).")
  double step;

  @Option(
      names = "--factor",
      paramLabel = "X",
      defaultValue = "0",
      description =
          "If above 1, multiply the load by X at each step instead of adding --step (default:"
              + " off).")
  double factor;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      defaultValue = "30",
      description = "Stop after this many steps at most (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(
      names = "--step-duration",
      paramLabel = "DURATION",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "How long each step sends (default: ${DEFAULT-VALUE}).")
  Duration stepDuration;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description = "Start of each step left out of its figures (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--min-gain",
      paramLabel = "FRACTION",
      defaultValue = "0.03",
      description =
          "Stop when neither of the last two steps beat the step before them by this share of"
              + " throughput (default: ${DEFAULT-VALUE}).")
  double minGain;

  @Option(
      names = "--latency-factor",
      paramLabel = "X",
      defaultValue = "10",
      description =
          "Stop when a step's end-to-end p99 exceeds X times the first step's (default:"
              + " ${DEFAULT-VALUE}).")
  double latencyFactor;

  @Option(
      names = "--max-p99",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop when a step's end-to-end p99 exceeds this (default: no bound).")
  Duration maxP99;

  @Option(
      names = "--max-failure-rate",
      paramLabel = "FRACTION",
      defaultValue = "0.05",
      description =
          "Stop when more than this share of a step's submissions were not graded (default:"
              + " ${DEFAULT-VALUE}).")
  double maxFailureRate;

  public SweepPlan plan() {
    boolean open =
        switch (mode) {
          case "open" -> true;
          case "closed" -> false;
          default ->
              throw new IllegalArgumentException("--mode must be closed or open, was " + mode);
        };
    return new SweepPlan(open, from, step, factor, maxSteps);
  }

  public StopRule stopRule() {
    return new StopRule(minGain, latencyFactor, maxP99, maxFailureRate);
  }

  public RunLimits perStep(Duration timeout, int maxInFlight) {
    return new RunLimits(stepDuration, 0, warmup, timeout, maxInFlight);
  }

  public String mode() {
    return mode;
  }
}
