package dev.verdict.worker.language;

import dev.verdict.common.config.LanguageConfig;
import dev.verdict.common.language.EntryPoints;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.RunOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A configured language, ready to lay out sources and expand its command templates. */
public final class Language {
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "(?m)^\\s*public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*"
              + "(?:class|interface|enum|record)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");

  private final String name;
  private final LanguageConfig config;
  private final String javaHome;
  private final Pattern memoryExceeded;
  private volatile Path aotCache;

  public Language(String name, LanguageConfig config, String javaHome) {
    this.name = name;
    this.config = config;
    this.javaHome = javaHome;
    this.memoryExceeded =
        config.memoryExceededPattern() == null || config.memoryExceededPattern().isEmpty()
            ? null
            : Pattern.compile(config.memoryExceededPattern());
  }

  public String name() {
    return name;
  }

  public LanguageConfig config() {
    return config;
  }

  public boolean compiled() {
    return config.compiled();
  }

  /**
   * Whether a failed run's output says the runtime ran out of memory. Both streams are searched:
   * some runtimes (the JVM) report it on stdout.
   */
  public boolean reportsOutOfMemory(byte[] stdout, byte[] stderr) {
    return memoryExceeded != null
        && (memoryExceeded.matcher(new String(stderr, StandardCharsets.UTF_8)).find()
            || memoryExceeded.matcher(new String(stdout, StandardCharsets.UTF_8)).find());
  }

  /**
   * Decides file names, the source list and the entry point, as the language's rule finds it.
   *
   * @param submitted file name to content, as submitted
   */
  public SourceLayout layout(Map<String, byte[]> submitted) throws SourceLayoutException {
    return layout(submitted, null);
  }

  /**
   * Decides file names, the source list and the entry point ({@link EntryPoints}). Java sources are
   * laid out under their public type's name, so file names need not match it.
   *
   * @param submitted file name to content, as submitted
   * @param entryPoint the file, module or class the submitter named, or null
   * @throws SourceLayoutException when there is no source, or no entry point can be chosen
   */
  public SourceLayout layout(Map<String, byte[]> submitted, String entryPoint)
      throws SourceLayoutException {
    Map<String, byte[]> files = new TreeMap<>();
    List<String> sources = new ArrayList<>();
    for (var file : new TreeMap<>(submitted).entrySet()) {
      String fileName = file.getKey();
      if (isSource(fileName) && config.naming().equals(LanguageConfig.NAMING_JAVA)) {
        Matcher type = PUBLIC_TYPE.matcher(new String(file.getValue(), StandardCharsets.UTF_8));
        if (type.find()) {
          String target = type.group(1) + ".java";
          if (files.containsKey(target)) {
            throw new SourceLayoutException("two files declare public type " + type.group(1));
          }
          fileName = target;
        }
      }
      files.put(fileName, file.getValue());
      if (isSource(fileName)) {
        sources.add(fileName);
      }
    }
    if (sources.isEmpty()) {
      throw new SourceLayoutException(
          "no source file for "
              + name
              + ": expected a name ending in "
              + config.sourceExtensions());
    }
    EntryPoints.Choice choice = EntryPoints.choose(config, files, entryPoint);
    if (choice.refused()) {
      throw new SourceLayoutException(
          "entryPoint " + (entryPoint == null ? "" : "'" + entryPoint + "' ") + choice.problem());
    }
    String entry = choice.file() != null ? choice.file() : sources.getFirst();
    String mainClass = choice.mainClass();
    if (mainClass == null) {
      int dot = entry.lastIndexOf('.');
      mainClass = dot > 0 ? entry.substring(0, dot) : entry;
    }
    return new SourceLayout(files, List.copyOf(sources), entry, mainClass);
  }

  /**
   * For a language whose entry point is a class: the layout with the class to run as the compiled
   * classes in {@code compiled} show it. The class the sources suggested stays when it can be
   * started; else the only startable class, else one named {@code Main}, else the first by name.
   * Other languages: the layout as it is.
   *
   * @param entryPoint the class the submitter named, or null
   * @throws SourceLayoutException when no class can be started, or the named one cannot
   */
  public SourceLayout withMainClass(SourceLayout layout, Path compiled, String entryPoint)
      throws SourceLayoutException {
    if (!config.entryKind().equals(LanguageConfig.ENTRY_CLASS)) {
      return layout;
    }
    List<MainClasses.MainClass> mains = MainClasses.in(compiled);
    if (mains.stream().anyMatch(m -> m.name().equals(layout.mainClass()))) {
      return layout;
    }
    if (entryPoint != null) {
      throw new SourceLayoutException(
          "entryPoint '" + entryPoint + "': class " + layout.mainClass() + " has no main method");
    }
    if (mains.isEmpty()) {
      throw new SourceLayoutException(
          "no class has a main method (public static void main(String[] args))");
    }
    List<MainClasses.MainClass> classic =
        mains.stream().filter(MainClasses.MainClass::classic).toList();
    List<MainClasses.MainClass> candidates = classic.isEmpty() ? mains : classic;
    MainClasses.MainClass chosen =
        candidates.stream()
            .filter(m -> m.name().substring(m.name().lastIndexOf('.') + 1).equals("Main"))
            .findFirst()
            .orElse(candidates.getFirst());
    return new SourceLayout(layout.files(), layout.sources(), layout.entry(), chosen.name());
  }

  private boolean isSource(String fileName) {
    return config.sourceExtensions().stream().anyMatch(fileName::endsWith);
  }

  public List<String> compileCommand(SourceLayout layout, ResourceLimits limits) {
    return compileCommand(layout, limits, RunOptions.NONE);
  }

  public List<String> runCommand(SourceLayout layout, ResourceLimits limits) {
    return runCommand(layout, limits, RunOptions.NONE);
  }

  /**
   * The compile command with a run's extra words: its compile arguments just before the sources
   * (after the template's own flags, so they are the compiler's last word on what they set), its
   * link arguments at the very end.
   */
  public List<String> compileCommand(
      SourceLayout layout, ResourceLimits limits, RunOptions options) {
    List<String> template = new ArrayList<>(config.compile());
    int sources = template.indexOf("{sources}");
    template.addAll(sources < 0 ? template.size() : sources, options.compileArgs());
    template.addAll(options.linkArgs());
    return expand(template, layout, limits);
  }

  /**
   * The run command with a run's extra words: its interpreter arguments right after the runtime's
   * program (before the template's own options, so the template's limits, such as the JVM's heap,
   * win), its run arguments at the end, for the program.
   */
  public List<String> runCommand(SourceLayout layout, ResourceLimits limits, RunOptions options) {
    List<String> template = new ArrayList<>(config.run());
    template.addAll(1, options.interpreterArgs());
    template.addAll(options.runArgs());
    List<String> command = expand(template, layout, limits);
    Path cache = aotCache;
    if (cache != null) {
      command.addAll(1, AotCaches.runOptions(cache));
    }
    return command;
  }

  /**
   * From now on, runs start their JVM with this ahead-of-time cache (built by {@link AotCaches}
   * from this language's run command), which they see read-only.
   */
  public void useAotCache(Path cache) {
    this.aotCache = cache;
  }

  /** The ahead-of-time cache runs start with, or null. */
  public Path aotCache() {
    return aotCache;
  }

  /** Whether this language compiles in the slot's warm compiler rather than per submission. */
  public boolean warmCompiled() {
    return config.warmCompiler();
  }

  /**
   * The {@code java} launcher next to the compile command's javac, which runs the warm compiler.
   */
  public String warmCompilerJava() {
    String javac = config.compile().get(0).replace("{javaHome}", javaHome);
    int slash = javac.lastIndexOf('/');
    return (slash < 0 ? "" : javac.substring(0, slash + 1)) + "java";
  }

  /**
   * The warm compiler's JVM options: the compile command's {@code -J} options, without the {@code
   * -J}, as javac itself would pass them to its JVM.
   */
  public List<String> warmCompilerJvmOptions() {
    return config.compile().stream()
        .skip(1)
        .filter(arg -> arg.startsWith("-J"))
        .map(arg -> arg.substring(2).replace("{javaHome}", javaHome))
        .toList();
  }

  /**
   * javac's own options of the compile command, for the warm compiler: every argument after the
   * program but the {@code -J} options, {@code -d} and its directory (the warm compiler chooses the
   * output directory) and {@code {sources}}.
   */
  public List<String> warmCompileOptions() {
    List<String> options = new ArrayList<>();
    List<String> args = config.compile();
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-d")) {
        i++;
      } else if (!arg.startsWith("-J") && !arg.equals("{sources}")) {
        options.add(arg.replace("{javaHome}", javaHome));
      }
    }
    return List.copyOf(options);
  }

  /** Host paths the compiler and runtime need besides /usr, and the runs' ahead-of-time cache. */
  public List<String> readOnlyPaths() {
    List<String> paths = new ArrayList<>();
    config.readOnlyPaths().forEach(p -> paths.add(p.replace("{javaHome}", javaHome)));
    Path cache = aotCache;
    if (cache != null) {
      paths.add(cache.toString());
    }
    return List.copyOf(paths);
  }

  private List<String> expand(List<String> template, SourceLayout layout, ResourceLimits limits) {
    List<String> args = new ArrayList<>();
    for (String arg : template) {
      if (arg.equals("{sources}")) {
        args.addAll(layout.sources());
        continue;
      }
      String entryBase =
          layout.entry().contains(".")
              ? layout.entry().substring(0, layout.entry().lastIndexOf('.'))
              : layout.entry();
      args.add(
          arg.replace("{entry}", layout.entry())
              .replace("{entryBase}", entryBase)
              .replace("{mainClass}", layout.mainClass())
              .replace("{memoryMb}", Integer.toString(limits.memoryMb()))
              .replace(
                  "{heapMb}",
                  Integer.toString(Math.max(16, limits.memoryMb() - config.memoryOverheadMb())))
              .replace("{javaHome}", javaHome));
    }
    return args;
  }
}
