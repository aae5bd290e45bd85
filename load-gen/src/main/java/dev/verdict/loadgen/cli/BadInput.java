package dev.verdict.loadgen.cli;

import dev.verdict.common.config.ConfigException;
import dev.verdict.loadgen.workload.WorkloadException;
import picocli.CommandLine;

/**
 * The error handling of a measuring tool's command line: a bad workload, configuration or argument
 * is one line on stderr, named for the tool, and exit code {@link #EXIT_CODE}; anything else is a
 * failure with its stack trace.
 */
public final class BadInput {
  public static final int EXIT_CODE = 2;

  private BadInput() {}

  /** Installs the handling on {@code cli} and returns it. */
  public static CommandLine reportedAsOneLine(CommandLine cli, String tool) {
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof WorkloadException
              || e instanceof ConfigException
              || e instanceof IllegalArgumentException) {
            commandLine.getErr().println(tool + ": " + e.getMessage());
            commandLine.getErr().flush();
            return EXIT_CODE;
          }
          throw e;
        });
    cli.setExitCodeExceptionMapper(e -> EXIT_CODE);
    return cli;
  }
}
