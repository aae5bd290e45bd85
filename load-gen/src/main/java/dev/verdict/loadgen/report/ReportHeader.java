package dev.verdict.loadgen.report;

import java.util.List;

/**
 * What every report starts with: which command produced it, exactly how, and where.
 *
 * @param command the subcommand, e.g. {@code run}
 * @param commandLine the load-gen command line, re-runnable as printed
 * @param jvmCommandLine the whole process command line as the OS reports it, when available
 */
public record ReportHeader(
    String tool,
    String command,
    String commandLine,
    List<String> args,
    String jvmCommandLine,
    Machine machine) {

  public static ReportHeader of(String command, List<String> args) {
    String jvm = ProcessHandle.current().info().commandLine().orElse(null);
    return new ReportHeader(
        "load-gen",
        command,
        "load-gen " + String.join(" ", args.stream().map(ReportHeader::quote).toList()),
        List.copyOf(args),
        jvm,
        Machine.current());
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
