package dev.verdict.common.config;

import dev.verdict.common.limits.LimitOverrides;
import java.util.List;

/**
 * One programming language, entirely described by configuration: adding a language needs no code.
 * Key prefix {@code languages.<name>.}.
 *
 * <p>Commands are argument vectors (no shell). Placeholders: {@code {entry}} the entry file name,
 * {@code {entryBase}} the entry file name without extension, {@code {sources}} every source file
 * (expands into several arguments), {@code {mainClass}} the class to run (Java naming), {@code
 * {memoryMb}} the run's memory limit, {@code {heapMb}} that minus {@code memoryOverheadMb}, {@code
 * {javaHome}} the worker's JDK.
 *
 * @param displayName shown in {@code GET /api/v1/languages}
 * @param sourceExtensions file name endings that count as source files
 * @param otherExtensions other file name endings a submission in this language may contain
 *     (headers, say), which are not compiled on their own; a file with any other ending is refused
 * @param entryNames preferred entry file names, the format's default entry points ({@code
 *     __main__.py}, {@code main.js}); see {@code EntryPoints}
 * @param entryKind what a submission's entry point is: {@code file} (the source file that is run;
 *     the default), {@code class} (the Java class with {@code main}; the default with {@code
 *     java-public-class} naming) or {@code none} (every source is compiled into one program)
 * @param naming {@code plain}, or {@code java-public-class}: the entry file is renamed after its
 *     public class and {@code {mainClass}} is that class
 * @param compile compile command, or empty for interpreted languages
 * @param run run command
 * @param timeMultiplier factor on the CPU and wall time limits
 * @param memoryOverheadMb memory the runtime needs beyond the program's heap ({@code {heapMb}})
 * @param memoryExceededPattern a regular expression; a failed run whose stderr matches it is
 *     reported as MEMORY_LIMIT_EXCEEDED (a runtime that reports its own out-of-memory error)
 * @param readOnlyPaths host paths outside /usr the compiler or runtime needs, bound read-only
 * @param limits this language's own limit overrides for test runs
 * @param compileLimits this language's own limit overrides for the compile step
 * @param enabled false hides the language
 * @param warmCompiler true: compile in the slot's warm compiler (a JVM that stays up running the
 *     JDK's {@code javax.tools} compiler) instead of starting {@code compile} per submission; only
 *     for a {@code compile} command that is javac's: its {@code -J} options start the compiler's
 *     JVM and its other options, but {@code -d} and {@code {sources}}, are javac's
 * @param aotCache true: the worker builds, once per JDK and run command, a JVM ahead-of-time cache
 *     of the JDK classes judge programs load (the JVM's {@code -XX:AOTCacheOutput}, JDK 25 and
 *     later) by running a training program with the {@code run} command's JVM options, and starts
 *     every run with it ({@code -XX:AOTCache}); only for a {@code run} command that starts a JVM
 */
public record LanguageConfig(
    String displayName,
    List<String> sourceExtensions,
    List<String> otherExtensions,
    List<String> entryNames,
    String naming,
    List<String> compile,
    List<String> run,
    Double timeMultiplier,
    Integer memoryOverheadMb,
    String memoryExceededPattern,
    List<String> readOnlyPaths,
    LimitOverrides limits,
    LimitOverrides compileLimits,
    Boolean enabled,
    Boolean warmCompiler,
    String entryKind,
    Boolean aotCache) {

  public static final String NAMING_PLAIN = "plain";
  public static final String NAMING_JAVA = "java-public-class";
  public static final String ENTRY_FILE = "file";
  public static final String ENTRY_CLASS = "class";
  public static final String ENTRY_NONE = "none";

  public LanguageConfig {
    sourceExtensions = sourceExtensions == null ? List.of() : List.copyOf(sourceExtensions);
    otherExtensions = otherExtensions == null ? List.of() : List.copyOf(otherExtensions);
    entryNames = entryNames == null ? List.of() : List.copyOf(entryNames);
    naming = naming == null ? NAMING_PLAIN : naming;
    if (!naming.equals(NAMING_PLAIN) && !naming.equals(NAMING_JAVA)) {
      throw new ConfigException(
          "naming must be " + NAMING_PLAIN + " or " + NAMING_JAVA + ", was " + naming);
    }
    entryKind =
        entryKind == null ? (naming.equals(NAMING_JAVA) ? ENTRY_CLASS : ENTRY_FILE) : entryKind;
    if (!List.of(ENTRY_FILE, ENTRY_CLASS, ENTRY_NONE).contains(entryKind)) {
      throw new ConfigException(
          "entryKind must be "
              + ENTRY_FILE
              + ", "
              + ENTRY_CLASS
              + " or "
              + ENTRY_NONE
              + ", was "
              + entryKind);
    }
    compile = compile == null ? List.of() : List.copyOf(compile);
    if (run == null || run.isEmpty()) {
      throw new ConfigException("run must name a command");
    }
    run = List.copyOf(run);
    timeMultiplier = timeMultiplier == null ? 1.0 : timeMultiplier;
    if (timeMultiplier < 0.1 || timeMultiplier > 20.0) {
      throw new ConfigException("timeMultiplier must be 0.1..20.0, was " + timeMultiplier);
    }
    memoryOverheadMb = Check.intIn("memoryOverheadMb", memoryOverheadMb, 0, 0, 4096);
    readOnlyPaths = readOnlyPaths == null ? List.of() : List.copyOf(readOnlyPaths);
    limits = limits == null ? LimitOverrides.NONE : limits;
    compileLimits = compileLimits == null ? LimitOverrides.NONE : compileLimits;
    enabled = enabled == null || enabled;
    warmCompiler = warmCompiler != null && warmCompiler;
    aotCache = aotCache != null && aotCache;
    if (warmCompiler && compile.isEmpty()) {
      throw new ConfigException("warmCompiler needs a compile command (javac's)");
    }
  }

  public boolean compiled() {
    return !compile.isEmpty();
  }

  /** Whether {@code fileName} is a source file of this language. */
  public boolean isSource(String fileName) {
    return sourceExtensions.stream().anyMatch(fileName::endsWith);
  }

  /** Every file name ending a submission in this language may use. */
  public List<String> fileExtensions() {
    List<String> all = new java.util.ArrayList<>(sourceExtensions);
    all.addAll(otherExtensions);
    return List.copyOf(all);
  }
}
