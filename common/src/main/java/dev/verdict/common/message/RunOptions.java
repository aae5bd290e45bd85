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
 * @param endsWithProgram a test run ends when its program's first process ends, whatever it left
 *     running is killed and the run's exit status is the program's (Jobe's runs end so); false, and
 *     absent from messages: a run lasts until every process of it has ended or a limit stops it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunOptions(
    List<String> compileArgs,
    List<String> linkArgs,
    List<String> interpreterArgs,
    List<String> runArgs,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean endsWithProgram) {

  public static final RunOptions NONE = new RunOptions(null, null, null, null);

  /** Words for the commands, with runs that last until their last process ends. */
  public RunOptions(
      List<String> compileArgs,
      List<String> linkArgs,
      List<String> interpreterArgs,
      List<String> runArgs) {
    this(compileArgs, linkArgs, interpreterArgs, runArgs, false);
  }

  public RunOptions {
    compileArgs = compileArgs == null ? List.of() : List.copyOf(compileArgs);
    linkArgs = linkArgs == null ? List.of() : List.copyOf(linkArgs);
    interpreterArgs = interpreterArgs == null ? List.of() : List.copyOf(interpreterArgs);
    runArgs = runArgs == null ? List.of() : List.copyOf(runArgs);
  }

  /** Whether there is nothing to add and the runs end as by default. */
  public boolean none() {
    return compileArgs.isEmpty()
        && linkArgs.isEmpty()
        && interpreterArgs.isEmpty()
        && runArgs.isEmpty()
        && !endsWithProgram;
  }

  /** These options, with runs that end when their program ends. */
  public RunOptions endingWithProgram() {
    return new RunOptions(compileArgs, linkArgs, interpreterArgs, runArgs, true);
  }

  /** {@code options}, or null when it adds nothing: absent from messages and stored versions. */
  public static RunOptions orNull(RunOptions options) {
    return options == null || options.none() ? null : options;
  }
}
