package dev.verdict.loadgen.report;

import java.util.List;

/**
 * What every report starts with: which command produced it, exactly how, and where.
 *
 * @param tool the program, e.g. {@code load-gen}
 * @param command the subcommand, e.g. {@code run}
 * @param commandLine the tool's command line, re-runnable as printed
 * @param jvmCommandLine the whole process command line as the OS reports it, when available
 */
public record ReportHeader(
    String tool,
    String command,
    String commandLine,
    List<String> args,
    String jvmCommandLine,
    Machine machine) {

  /** The header of a load-gen report. */
  public static ReportHeader of(String command, List<String> args) {
    return of("load-gen", command, args);
  }

  /** The header of a report written by {@code tool}, e.g. {@code worker-bench}. */
  public static ReportHeader of(String tool, String command, List<String> args) {
    String jvm = ProcessHandle.current().info().commandLine().orElse(null);
    return new ReportHeader(
        tool,
        command,
        tool + " " + String.join(" ", args.stream().map(ReportHeader::quote).toList()),
        List.copyOf(args),
        jvm,
        Machine.current());
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
