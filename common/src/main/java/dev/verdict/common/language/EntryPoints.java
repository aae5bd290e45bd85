package dev.verdict.common.language;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.config.LanguageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which file of a submission is run, or which Java class (docs/problems.md §15.2). The API asks
 * before it accepts a submission, so that a submission whose entry point cannot be told is refused
 * with a 400 naming {@code entryPoint}; the worker asks again when it lays the files out, and gets
 * the same answer from the same files.
 *
 * <p>An {@code entryPoint} given with the submission wins: a source file's name (Python also takes
 * a module name, {@code solve} for {@code solve.py}), or for Java a class, simple or
 * package-qualified. Without one, the language's rule decides:
 *
 * <ul>
 *   <li>{@code file} languages (Python, JavaScript, Bash): for JavaScript, {@code package.json}'s
 *       {@code main}; then the first of the language's {@code entryNames} that was submitted (the
 *       format's default entry points, {@code __main__.py}, {@code main.js}, ...); then the only
 *       source; then the only source no other source imports ({@code import message}, {@code import
 *       ... from './module.js'}, {@code require('./x')}, {@code . ./lib.sh}): a file another one
 *       loads is a module, not the program. Several left: ambiguous.
 *   <li>{@code class} languages (Java): the class whose source declares {@code public static void
 *       main}; among several, the one named {@code Main} (the format's default); else ambiguous.
 *       None found: the compiler's verdict decides (a compilation error when no class has {@code
 *       main}, as DOMjudge judges it).
 *   <li>{@code none} (C, C++): every source is compiled into one program; there is nothing to
 *       choose.
 * </ul>
 */
public final class EntryPoints {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^[ \\t]*((?:(?:public|final|abstract|sealed|non-sealed|strictfp|static|private"
              + "|protected)\\s+)*)(?:class|interface|enum|record)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");
  private static final Pattern PACKAGE =
      Pattern.compile("(?m)^\\s*package\\s+([A-Za-z0-9_.$]+)\\s*;");
  private static final Pattern MAIN_METHOD =
      Pattern.compile(
          "\\b(?:public\\s+static|static\\s+public)\\s+(?:final\\s+)?void\\s+main\\s*\\(\\s*"
              + "(?:final\\s+)?String\\s*(?:\\[\\s*]\\s*[A-Za-z_$][A-Za-z0-9_$]*|\\.\\.\\.\\s*"
              + "[A-Za-z_$][A-Za-z0-9_$]*|[A-Za-z_$][A-Za-z0-9_$]*\\s*\\[\\s*])\\s*\\)");
  private static final String CLASS_NAME = "[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*";

  private EntryPoints() {}

  /**
   * The outcome of choosing.
   *
   * @param file the source file that is run (for Java, the file declaring the main class), or null
   *     when the language needs none or none was found
   * @param mainClass for Java, the class to run (package-qualified), or null
   * @param problem why no entry point could be chosen, or null when one was (or none is needed);
   *     when the submitter named one, it completes a sentence about it ("names none of ...")
   */
  public record Choice(String file, String mainClass, String problem) {
    static Choice of(String file) {
      return new Choice(file, null, null);
    }

    static Choice refused(String problem) {
      return new Choice(null, null, problem);
    }

    public boolean refused() {
      return problem != null;
    }
  }

  /**
   * Chooses the entry point of a submission.
   *
   * @param files every submitted file by name, content as UTF-8
   * @param entryPoint what the submitter named, or null
   */
  public static Choice choose(
      LanguageConfig language, Map<String, byte[]> files, String entryPoint) {
    Map<String, String> sources = new TreeMap<>();
    files.forEach(
        (name, content) -> {
          if (language.sourceExtensions().stream().anyMatch(name::endsWith)) {
            sources.put(name, new String(content, StandardCharsets.UTF_8));
          }
        });
    return switch (language.entryKind()) {
      case LanguageConfig.ENTRY_NONE ->
          Choice.of(sources.isEmpty() ? null : sources.keySet().iterator().next());
      case LanguageConfig.ENTRY_CLASS -> chooseClass(sources, entryPoint);
      default -> chooseFile(language, files, sources, entryPoint);
    };
  }

  private static Choice chooseFile(
      LanguageConfig language,
      Map<String, byte[]> files,
      Map<String, String> sources,
      String entryPoint) {
    if (entryPoint != null) {
      if (sources.containsKey(entryPoint)) {
        return Choice.of(entryPoint);
      }
      for (String extension : language.sourceExtensions()) {
        if (sources.containsKey(entryPoint + extension)) {
          return Choice.of(entryPoint + extension);
        }
      }
      return Choice.refused("names none of the submitted source files " + sources.keySet());
    }
    if (sources.isEmpty()) {
      return Choice.of(null);
    }
    String packageMain = packageJsonMain(files.get("package.json"));
    if (packageMain != null && sources.containsKey(packageMain)) {
      return Choice.of(packageMain);
    }
    for (String preferred : language.entryNames()) {
      if (sources.containsKey(preferred)) {
        return Choice.of(preferred);
      }
    }
    if (sources.size() == 1) {
      return Choice.of(sources.keySet().iterator().next());
    }
    List<String> roots = new ArrayList<>();
    for (String name : sources.keySet()) {
      if (!loadedByAnother(name, sources)) {
        roots.add(name);
      }
    }
    if (roots.size() == 1) {
      return Choice.of(roots.getFirst());
    }
    return Choice.refused(
        "cannot tell which of "
            + (roots.isEmpty() ? sources.keySet() : roots)
            + " is the program: none is named "
            + String.join(" or ", language.entryNames())
            + "; name it in entryPoint");
  }

  /** Whether another source loads {@code name} as a module, by its name without extension. */
  private static boolean loadedByAnother(String name, Map<String, String> sources) {
    int dot = name.lastIndexOf('.');
    String base = Pattern.quote(dot > 0 ? name.substring(0, dot) : name);
    Pattern load =
        Pattern.compile(
            "(?m)^[ \\t]*(?:(?:import|from)\\b[^\\n]*?[\\s'\"/.,{]"
                + base
                + "\\b|(?:\\.|source)[ \\t]+\\S*\\b"
                + base
                + "\\b)|\\b(?:require|import)\\s*\\(\\s*['\"][^'\"]*\\b"
                + base
                + "\\b");
    for (var other : sources.entrySet()) {
      if (!other.getKey().equals(name) && load.matcher(other.getValue()).find()) {
        return true;
      }
    }
    return false;
  }

  private static String packageJsonMain(byte[] packageJson) {
    if (packageJson == null) {
      return null;
    }
    try {
      JsonNode main = JSON.readTree(packageJson).path("main");
      if (!main.isTextual()) {
        return null;
      }
      String path = main.asText();
      return path.startsWith("./") ? path.substring(2) : path;
    } catch (IOException | RuntimeException e) {
      // why: a package.json that is no JSON names no entry point; node reports it if it matters.
      return null;
    }
  }

  private static Choice chooseClass(Map<String, String> sources, String entryPoint) {
    Map<String, String> declaring = new TreeMap<>();
    Map<String, String> withMain = new TreeMap<>();
    for (var source : sources.entrySet()) {
      String text = source.getValue();
      Matcher pkg = PACKAGE.matcher(text);
      String prefix = pkg.find() ? pkg.group(1) + "." : "";
      Matcher type = TYPE.matcher(text);
      String first = null;
      String publicType = null;
      while (type.find()) {
        String name = prefix + type.group(2);
        declaring.putIfAbsent(name, source.getKey());
        declaring.putIfAbsent(type.group(2), source.getKey());
        first = first == null ? name : first;
        if (publicType == null && type.group(1).contains("public")) {
          publicType = name;
        }
      }
      if (MAIN_METHOD.matcher(text).find() && first != null) {
        withMain.put(publicType != null ? publicType : first, source.getKey());
      }
    }
    if (entryPoint != null) {
      if (!entryPoint.matches(CLASS_NAME)) {
        return Choice.refused("is not a Java class name");
      }
      String file = declaring.get(entryPoint);
      if (file == null) {
        return Choice.refused("names a class none of " + sources.keySet() + " declares");
      }
      String qualified = entryPoint;
      if (!entryPoint.contains(".")) {
        for (String name : declaring.keySet()) {
          if (name.endsWith("." + entryPoint) && declaring.get(name).equals(file)) {
            qualified = name;
          }
        }
      }
      return new Choice(file, qualified, null);
    }
    if (withMain.size() == 1) {
      var only = withMain.entrySet().iterator().next();
      return new Choice(only.getValue(), only.getKey(), null);
    }
    for (var candidate : withMain.entrySet()) {
      String simple = candidate.getKey().substring(candidate.getKey().lastIndexOf('.') + 1);
      if (simple.equals("Main")) {
        return new Choice(candidate.getValue(), candidate.getKey(), null);
      }
    }
    if (withMain.isEmpty()) {
      return new Choice(null, null, null);
    }
    return Choice.refused(
        "several classes have a main method "
            + withMain.keySet()
            + " and none is named Main; name the one to run in entryPoint");
  }
}
