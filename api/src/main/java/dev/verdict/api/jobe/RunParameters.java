package dev.verdict.api.jobe;

import java.util.List;

/**
 * The {@code parameters} of a run specification, in Jobe's units; a null field was not given, so
 * the language's default applies.
 *
 * @param cpuTimeSecs CPU seconds ({@code cputime}); the run is killed at twice this in wall time
 * @param memoryLimitMb memory in MB ({@code memorylimit}); 0 asks for no limit (the deployment's
 *     maximum)
 * @param numProcs processes and threads at once ({@code numprocs})
 * @param diskLimitMb the largest file the run may write, in MB ({@code disklimit}); -1 asks for no
 *     limit (the deployment's maximum)
 * @param streamSizeMb stdout and stderr, each, in MB ({@code streamsize})
 * @param compileArgs {@code compileargs}, split into words
 * @param linkArgs {@code linkargs}, split into words
 * @param interpreterArgs {@code interpreterargs}, split into words
 * @param runArgs {@code runargs}, split into words
 */
record RunParameters(
    Double cpuTimeSecs,
    Integer memoryLimitMb,
    Integer numProcs,
    Integer diskLimitMb,
    Integer streamSizeMb,
    List<String> compileArgs,
    List<String> linkArgs,
    List<String> interpreterArgs,
    List<String> runArgs) {

  static final RunParameters NONE =
      new RunParameters(null, null, null, null, null, null, null, null, null);

  RunParameters {
    compileArgs = compileArgs == null ? null : List.copyOf(compileArgs);
    linkArgs = linkArgs == null ? null : List.copyOf(linkArgs);
    interpreterArgs = interpreterArgs == null ? null : List.copyOf(interpreterArgs);
    runArgs = runArgs == null ? null : List.copyOf(runArgs);
  }
}
