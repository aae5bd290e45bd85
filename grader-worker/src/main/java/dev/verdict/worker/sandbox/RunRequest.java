package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One command to run in the sandbox.
 *
 * @param command the argument vector, run with {@code /box} as working directory
 * @param workDir host directory whose entries appear in {@code /box}
 * @param writableWorkDir true: {@code /box} is {@code workDir} itself, writable (compiling,
 *     validators: what they write is bounded by the slot's {@link WorkArea} when {@code workDir} is
 *     on it, as the worker's are); false: {@code /box} is {@code workDir} read-only, one mount of
 *     the whole directory (running tests, so no run can change what the next one sees; a symbolic
 *     link in it resolves inside the sandbox, never on the host; the program writes to {@code
 *     /tmp})
 * @param stdin file fed to standard input, or null for an empty input
 * @param limits the resource limits of the run
 * @param readOnlyPaths host paths besides /usr to make visible read-only at the same place
 * @param env environment variables besides PATH, HOME and LANG
 * @param pipes a host directory of named pipes that the run sees read-only at {@link #PIPES}, or
 *     null for none: how an interactive run's two programs reach each other's pipes without either
 *     seeing a host path, where the sandbox {@linkplain Sandbox#showsPipes() shows them}
 * @param endsWithProgram true: the run ends when the command's first process ends, every other
 *     process of the run killed then, and its exit status is that process's (as Jobe's runs end);
 *     false: the run lasts until every process it started has ended, or a limit stops it
 */
public record RunRequest(
    List<String> command,
    Path workDir,
    boolean writableWorkDir,
    Path stdin,
    ResourceLimits limits,
    List<String> readOnlyPaths,
    Map<String, String> env,
    Path pipes,
    boolean endsWithProgram) {

  /** Where a run sees its request's {@link #pipes()}. */
  public static final String PIPES = "/pipes";

  /** A run without pipes. */
  public RunRequest(
      List<String> command,
      Path workDir,
      boolean writableWorkDir,
      Path stdin,
      ResourceLimits limits,
      List<String> readOnlyPaths,
      Map<String, String> env) {
    this(command, workDir, writableWorkDir, stdin, limits, readOnlyPaths, env, null);
  }

  /** A run that lasts until every process it started has ended. */
  public RunRequest(
      List<String> command,
      Path workDir,
      boolean writableWorkDir,
      Path stdin,
      ResourceLimits limits,
      List<String> readOnlyPaths,
      Map<String, String> env,
      Path pipes) {
    this(command, workDir, writableWorkDir, stdin, limits, readOnlyPaths, env, pipes, false);
  }

  /** The same run, ending when its program ends if {@code ends}. */
  public RunRequest endingWithProgram(boolean ends) {
    return new RunRequest(
        command, workDir, writableWorkDir, stdin, limits, readOnlyPaths, env, pipes, ends);
  }

  public RunRequest {
    command = List.copyOf(command);
    readOnlyPaths = readOnlyPaths == null ? List.of() : List.copyOf(readOnlyPaths);
    env = env == null ? Map.of() : Map.copyOf(env);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
  }
}
