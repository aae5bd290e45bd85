package dev.verdict.loadgen.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command writes its report. */
public final class ReportOptions {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Report folder: JSON, CSV and PNG charts (default: none, summary only).")
  Path out;

  /** The report folder, or null for the summary only. */
  public Path out() {
    return out;
  }
}
