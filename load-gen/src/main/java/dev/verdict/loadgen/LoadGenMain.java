package dev.verdict.loadgen;

import dev.verdict.loadgen.cli.BadInput;
import dev.verdict.loadgen.packages.CheckPackagesCommand;
import dev.verdict.loadgen.run.RunCommand;
import dev.verdict.loadgen.streams.StreamsCommand;
import dev.verdict.loadgen.sweep.SweepCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load generator: measures Verdict from the outside, through its HTTP API ({@code run}, {@code
 * sweep}, and {@code streams} for what open event streams cost the API), and checks that problem
 * packages are judged as their example submissions expect ({@code check-packages}). The raw sandbox
 * limit the system is compared with is the worker's own benchmark ({@code worker-bench baseline});
 * S(N) is measured by {@code bench/scale.sh} with {@code sweep}.
 */
@Command(
    name = "load-gen",
    mixinStandardHelpOptions = true,
    version = "load-gen 0.1.0",
    description = {
      "Drives load against a running Verdict and reports throughput, latency percentiles and"
          + " Throughput_max, with JSON, CSV and PNG reports (--out DIR). Every subcommand answers"
          + " --help; load-gen/README.md has the details."
    },
    subcommands = {
      RunCommand.class,
      SweepCommand.class,
      StreamsCommand.class,
      CheckPackagesCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:done, but the measured system misbehaved (see the subcommand)",
      "2:bad usage, workload or configuration"
    })
public final class LoadGenMain implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return BadInput.EXIT_CODE;
  }

  /** The command line with load-gen's error handling: a bad input is one line, exit code 2. */
  public static CommandLine commandLine() {
    return BadInput.reportedAsOneLine(new CommandLine(new LoadGenMain()), "load-gen");
  }

  public static void main(String[] args) {
    // why: common's logback.xml (the services' INFO logs) is on the class path too; load-gen prints
    // its own results and wants only warnings from the library code it runs.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-load-gen.xml");
    }
    System.exit(commandLine().execute(args));
  }
}
