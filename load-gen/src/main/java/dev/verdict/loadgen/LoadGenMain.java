package dev.verdict.loadgen;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The load generator: measures Verdict from the outside, through its HTTP API. */
@Command(
    name = "load-gen",
    mixinStandardHelpOptions = true,
    version = "load-gen 0.1.0",
    description = "Drives load against a running Verdict and reports throughput and latency.",
    subcommands = {SubmitCommand.class})
public final class LoadGenMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenMain()).execute(args));
  }
}
