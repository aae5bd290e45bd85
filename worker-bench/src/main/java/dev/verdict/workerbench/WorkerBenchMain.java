package dev.verdict.workerbench;

import dev.verdict.loadgen.cli.BadInput;
import dev.verdict.workerbench.baseline.BaselineCommand;
import dev.verdict.workerbench.sandbox.DockerDesignsCommand;
import dev.verdict.workerbench.sandbox.FairnessCommand;
import dev.verdict.workerbench.sandbox.OverheadCommand;
import dev.verdict.workerbench.sandbox.RunCostCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The grader worker's benchmarks: its own grading and sandbox code run in this process, as root,
 * with no API, broker or store ({@code baseline}, {@code overhead}, {@code fairness}).
 */
@Command(
    name = "worker-bench",
    mixinStandardHelpOptions = true,
    version = "worker-bench 0.1.0",
    description = {
      "Measures the grader worker itself: its Grader, sandbox, cgroups and languages run in this"
          + " process as a worker slot runs them, with no API, broker or store. Needs root, and"
          + " no worker grading on the same cores. Every subcommand answers --help;"
          + " worker-bench/README.md has the details. The system as a whole is measured from"
          + " outside with load-gen."
    },
    subcommands = {
      BaselineCommand.class,
      OverheadCommand.class,
      RunCostCommand.class,
      DockerDesignsCommand.class,
      FairnessCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:done, but something measured misbehaved (see the subcommand)",
      "2:bad usage, workload or configuration"
    })
public final class WorkerBenchMain implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return BadInput.EXIT_CODE;
  }

  /** The command line with worker-bench's error handling: a bad input is one line, exit code 2. */
  public static CommandLine commandLine() {
    return BadInput.reportedAsOneLine(new CommandLine(new WorkerBenchMain()), "worker-bench");
  }

  public static void main(String[] args) {
    // why: common's logback.xml (the services' INFO logs) is on the class path too; worker-bench
    // prints its own results and wants only warnings from the worker code it runs.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-worker-bench.xml");
    }
    System.exit(commandLine().execute(args));
  }
}
