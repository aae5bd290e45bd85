package dev.verdict.api.jobe;

import dev.verdict.common.config.LanguageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The languages the facade offers, by Jobe's ids, each mapped to the Verdict language that runs it.
 * A Jobe language is offered when its Verdict language is enabled; its version is what the
 * language's compiler or interpreter says on this host ({@code --version}), found once, or {@code
 * unknown} where this host does not have it (an API node apart from the workers).
 */
final class JobeLanguages {
  private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)+)");
  private static final long PROBE_TIMEOUT_SECONDS = 10;

  /** Which of Jobe's extra-argument parameters a language's Jobe task uses. */
  enum ArgKind {
    COMPILE,
    LINK,
    INTERPRETER,
    RUN
  }

  /**
   * One of Jobe's languages.
   *
   * @param jobeId Jobe's id
   * @param verdictName the Verdict language that runs it
   * @param uses the extra arguments Jobe passes on for it; the others it ignores
   * @param defaultCompileArgs what Jobe compiles with when a run gives no {@code compileargs}
   */
  record Known(
      String jobeId, String verdictName, List<ArgKind> uses, List<String> defaultCompileArgs) {
    boolean uses(ArgKind kind) {
      return uses.contains(kind);
    }

    /**
     * Whether Jobe compiles or syntax-checks a program of this language before running it, so a
     * syntax error is a compilation error (11); Node.js, Octave and PHP it runs straight away.
     */
    boolean checkedBeforeRun() {
      return !List.of("nodejs", "octave", "php").contains(jobeId);
    }
  }

  private static final List<ArgKind> COMPILED = List.of(ArgKind.values());
  private static final List<ArgKind> INTERPRETED = List.of(ArgKind.INTERPRETER, ArgKind.RUN);

  /** Jobe's languages, in the order Jobe lists them. */
  static final List<Known> KNOWN =
      List.of(
          // why: Jobe compiles without optimisation; -O0 after Verdict's own -O2 restores that, so
          // a program Jobe lets crash (unbounded recursion) is not optimised into a loop or
          // refused by -Werror's loop-optimisation warnings.
          new Known("c", "c", COMPILED, List.of("-Wall", "-Werror", "-std=c99", "-O0")),
          new Known("cpp", "cpp", COMPILED, List.of("-Wall", "-Werror", "-O0")),
          new Known(
              "java",
              "java",
              List.of(ArgKind.COMPILE, ArgKind.INTERPRETER, ArgKind.RUN),
              List.of()),
          new Known("nodejs", "javascript", INTERPRETED, List.of()),
          new Known("octave", "octave", INTERPRETED, List.of()),
          new Known("pascal", "pascal", List.of(ArgKind.COMPILE, ArgKind.RUN), List.of()),
          new Known("php", "php", INTERPRETED, List.of()),
          new Known("python3", "python3", INTERPRETED, List.of()));

  private final Map<String, Known> offered = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<String>> versions = new LinkedHashMap<>();

  /**
   * @param enabled Verdict's enabled languages, by name
   * @param javaHome the JDK that {@code {javaHome}} in a language's commands stands for
   */
  JobeLanguages(Map<String, LanguageConfig> enabled, String javaHome) {
    for (Known known : KNOWN) {
      LanguageConfig language = enabled.get(known.verdictName());
      if (language != null) {
        offered.put(known.jobeId(), known);
        String program = versionProgram(language).replace("{javaHome}", javaHome);
        versions.put(
            known.jobeId(),
            CompletableFuture.supplyAsync(() -> probe(program), Thread::startVirtualThread));
      }
    }
  }

  /** The language with Jobe's id {@code jobeId}, if offered. */
  Optional<Known> find(String jobeId) {
    return Optional.ofNullable(offered.get(jobeId));
  }

  /** {@code [[id, version], ...]}, as {@code GET languages} answers. */
  List<List<String>> list() {
    List<List<String>> list = new ArrayList<>();
    versions.forEach((id, version) -> list.add(List.of(id, version.join())));
    return list;
  }

  /**
   * The program whose version names the language: its compiler, or its interpreter where the
   * language has none or its compile step is a shell script around the interpreter (Node.js and
   * Bash check syntax with {@code sh -c}, whose own version says nothing of the language).
   */
  static String versionProgram(LanguageConfig language) {
    if (language.compiled()) {
      List<String> compile = language.compile();
      boolean shellScript = compile.size() > 1 && compile.get(1).equals("-c");
      if (!shellScript) {
        return compile.get(0);
      }
    }
    return language.run().get(0);
  }

  /** The version {@code program --version} prints, or {@code unknown}. */
  static String probe(String program) {
    try {
      Process process =
          new ProcessBuilder(program, "--version")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] output = process.getInputStream().readNBytes(4096);
      if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "unknown";
      }
      if (process.exitValue() != 0) {
        return "unknown";
      }
      Matcher version = VERSION.matcher(new String(output, StandardCharsets.UTF_8));
      return version.find() ? version.group(1) : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
