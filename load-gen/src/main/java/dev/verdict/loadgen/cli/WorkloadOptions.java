package dev.verdict.loadgen.cli;

import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.Workloads;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** What is submitted: the workload and the seed of its mix. */
public final class WorkloadOptions {

  @Option(
      names = {"-w", "--workload"},
      paramLabel = "WORKLOAD",
      defaultValue = "python-sum",
      description = {
        "A workload YAML file, or built-ins as NAME[:WEIGHT][,NAME[:WEIGHT]...] (default:"
            + " ${DEFAULT-VALUE}). Built-ins: python-sum, c-sum, cpu-bound, tle, hostile;"
            + " see load-gen/README.md for the file format."
      })
  String workload;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Seed of the workload mix (and of an open loop's arrival times); default: random, the"
              + " report records it.")
  Long seed;

  private long chosenSeed;

  /** The workload, read or resolved now. */
  public Workload workload() {
    return Workloads.resolve(workload);
  }

  /** The {@code --workload} value as given. */
  public String spec() {
    return workload;
  }

  /** The seed given, or one picked now and kept for the report. */
  public synchronized long seed() {
    if (seed != null) {
      return seed;
    }
    if (chosenSeed == 0) {
      chosenSeed = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }
    return chosenSeed;
  }
}
