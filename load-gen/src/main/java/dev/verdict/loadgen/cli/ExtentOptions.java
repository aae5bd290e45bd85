package dev.verdict.loadgen.cli;

import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How long a measurement lasts (a duration or a number of submissions) and its warm-up. */
public final class ExtentOptions {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Extent extent;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Leave submissions started in this first part out of every figure (default:"
              + " ${DEFAULT-VALUE}).")
  Duration warmup;

  static final class Extent {
    @Option(
        names = {"-d", "--duration"},
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description =
            "Start submissions for this long (e.g. 30s, 2m), then wait for those under way.")
    Duration duration;

    @Option(
        names = {"-n", "--count"},
        paramLabel = "N",
        description = "Exactly N submissions in all, and wait for every one.")
    long count;
  }

  /** The duration, or null when a count was given. */
  public Duration duration() {
    return extent.duration;
  }

  /** The number of submissions, or 0 when a duration was given. */
  public long count() {
    return extent.count;
  }

  public Duration warmup() {
    return warmup;
  }
}
