package dev.verdict.loadgen.run;

import dev.verdict.loadgen.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How much load one {@code run} offers, and for how long. */
final class LoadOptions {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Shape shape;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Extent extent;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Leave submissions sent in this first part of the run out of every figure (default:"
              + " ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--accept-only",
      description =
          "Only submit: measure the accept latency and the accepted rate and follow no"
              + " submission (the system still grades them all). For the API's ingest.")
  boolean acceptOnly;

  static final class Shape {
    @Option(
        names = {"-c", "--clients"},
        paramLabel = "N",
        description = "Closed loop: N clients, each submits, waits until DONE, and submits again.")
    int clients;

    @Option(
        names = {"-r", "--rate"},
        paramLabel = "PER_SECOND",
        description =
            "Open loop: Poisson arrivals at this mean rate, whatever the system's answers.")
    double rate;
  }

  static final class Extent {
    @Option(
        names = {"-d", "--duration"},
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Send for this long (e.g. 30s, 2m), then wait for what is in flight.")
    Duration duration;

    @Option(
        names = {"-n", "--count"},
        paramLabel = "N",
        description = "Send exactly N submissions and wait for all of them.")
    long count;
  }

  Load load() {
    return new Load(shape.clients, shape.rate);
  }
}
