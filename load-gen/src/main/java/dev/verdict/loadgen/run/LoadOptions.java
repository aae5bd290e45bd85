package dev.verdict.loadgen.run;

import dev.verdict.loadgen.cli.ExtentOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How much load one {@code run} offers, and for how long. */
final class LoadOptions {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Shape shape;

  @Mixin ExtentOptions extent = new ExtentOptions();

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

  Load load() {
    return new Load(shape.clients, shape.rate);
  }
}
