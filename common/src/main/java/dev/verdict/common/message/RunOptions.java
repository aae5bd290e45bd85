package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Extra words for a submission's compile and run commands, which an integration asks for per run
 * (Jobe's {@code compileargs}, {@code linkargs}, {@code interpreterargs}, {@code runargs}). The
 * worker places them in the language's command templates; the limits stay the worker's, so no word
 * here can raise them (a later flag of the template wins where both set the same thing, and the
 * sandbox bounds whatever runs).
 *
 * @param compileArgs for the compiler, before the sources
 * @param linkArgs for the compiler, after everything else (libraries to link)
 * @param interpreterArgs for the runtime (Python, Node.js, the JVM), right after its program
 * @param runArgs for the program itself, at the end of the run command
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunOptions(
    List<String> compileArgs,
    List<String> linkArgs,
    List<String> interpreterArgs,
    List<String> runArgs) {

  public static final RunOptions NONE = new RunOptions(null, null, null, null);

  public RunOptions {
    compileArgs = compileArgs == null ? List.of() : List.copyOf(compileArgs);
    linkArgs = linkArgs == null ? List.of() : List.copyOf(linkArgs);
    interpreterArgs = interpreterArgs == null ? List.of() : List.copyOf(interpreterArgs);
    runArgs = runArgs == null ? List.of() : List.copyOf(runArgs);
  }

  /** Whether there is nothing to add. */
  public boolean none() {
    return compileArgs.isEmpty()
        && linkArgs.isEmpty()
        && interpreterArgs.isEmpty()
        && runArgs.isEmpty();
  }

  /** {@code options}, or null when it adds nothing: absent from messages and stored versions. */
  public static RunOptions orNull(RunOptions options) {
    return options == null || options.none() ? null : options;
  }
}
