package dev.verdict.common.problem;

import dev.verdict.common.blob.Sha256;
import dev.verdict.common.codec.Json;
import dev.verdict.common.config.ProblemsConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SourceFileNames;
import dev.verdict.common.message.TestCase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Turns the files of a package into a problem version, reading only what it parses (problem.yaml,
 * testdata.yaml, .timelimit, the statement): tests and validator sources are named by the SHA-256
 * their source measured. The package layout:
 *
 * <pre>
 * problem.yaml                   see {@link ProblemYaml}
 * .timelimit                     optional time limit in seconds (DOMjudge convention); problem.yaml's
 *                                limits.time_limit wins
 * data/sample/*.in, *.ans        tests, graded first
 * data/secret/**&#47;*.in, *.ans   tests and test groups, see {@link TestDataReader}
 * output_validators/&lt;name&gt;/*   legacy validation: custom (2023-07: output_validator/), the
 *                                validator's sources in one language (.c, .cpp/.cc/.cxx/.c++/.C,
 *                                .py, .java, .js, .sh) and any other files; it is run as
 *                                {@code validator input answer feedback_dir [flags] < output} and
 *                                exits 42 (accepted) or 43 (wrong answer)
 * problem_statement/problem.en.md or statement/problem.en.md
 *                                optional Markdown statement, with problem.en.html beside it if the
 *                                package brings a rendering
 * </pre>
 */
final class PackageReader {
  private static final List<String> STATEMENT_FOLDERS = List.of("problem_statement", "statement");
  private static final String VALIDATORS = "output_validators/";
  private static final Map<String, String> VALIDATOR_LANGUAGES =
      Map.of(
          ".c", "c",
          ".cpp", "cpp",
          ".cc", "cpp",
          ".cxx", "cpp",
          ".c++", "cpp",
          ".C", "cpp",
          ".py", "python3",
          ".java", "java",
          ".js", "javascript",
          ".sh", "bash");

  /**
   * A read package.
   *
   * @param blobs the files the version names, by SHA-256, each with the path to read it from
   */
  record ReadPackage(ProblemVersion version, Map<String, String> blobs) {}

  private final PackageSource source;
  private final SortedMap<String, PackageFile> files;
  private final String id;
  private final ProblemsConfig caps;
  private final ResourceLimits maxima;
  private final Map<String, String> blobs = new LinkedHashMap<>();

  private PackageReader(
      PackageSource source, String id, ProblemsConfig caps, ResourceLimits maxima) {
    this.source = source;
    this.files = source.files();
    this.id = id;
    this.caps = caps;
    this.maxima = maxima;
  }

  /**
   * @param caps {@code problems.defaultMemoryMb}, the memory limit of a package that sets none
   * @param maxima this deployment's {@code limits.max}, beyond which a package's limits are refused
   * @throws ProblemPackageException naming the file at fault when the package cannot be used
   */
  static ReadPackage read(
      PackageSource source, String id, ProblemsConfig caps, ResourceLimits maxima) {
    PackageReader reader = new PackageReader(source, id, caps, maxima);
    return new ReadPackage(reader.version(), Map.copyOf(reader.blobs));
  }

  private ProblemVersion version() {
    if (!files.containsKey(ProblemYaml.FILE)) {
      throw ProblemPackageException.inFile(
          ProblemYaml.FILE, "is missing: a package has one at its top");
    }
    ProblemYaml yaml = ProblemYaml.parse(source.read(ProblemYaml.FILE));
    refuseUnsupportedFolders();
    LimitOverrides limits = limits(yaml);
    CheckerSpec checker = checker(yaml);
    TestDataReader.TestData data = TestDataReader.read(source, yaml, this::stored);
    List<TestCase> tests = data.tests();
    if (tests.isEmpty()) {
      throw new ProblemPackageException(
          "problem " + id + " has no tests: expected data/sample/*.in or data/secret/*.in");
    }
    boolean stopOnFailure =
        data.stopOnFailure() != null ? data.stopOnFailure() : yaml.stopOnFailure();
    ProblemVersion unversioned =
        new ProblemVersion(
            id,
            "",
            yaml.name() == null ? id : yaml.name(),
            limits,
            checker,
            tests,
            stopOnFailure,
            yaml.type(),
            statement(),
            data.groups(),
            atMostMax(yaml.compilationLimits(), "compilation_time", "compilation_memory", null),
            null,
            yaml.languages(),
            yaml.allowFileWriting(),
            interactions());
    return unversioned.withVersion(versionOf(unversioned));
  }

  private void refuseUnsupportedFolders() {
    for (String path : files.keySet()) {
      if (path.startsWith("graders/")) {
        throw ProblemPackageException.inFile("graders", "custom graders are not supported");
      }
      if (path.startsWith("include/")) {
        throw ProblemPackageException.inFile(
            "include", "include/ (included files) is not supported");
      }
      if (path.startsWith("static_validator/")) {
        throw ProblemPackageException.inFile(
            "static_validator", "static validation is not supported");
      }
    }
  }

  private static String versionOf(ProblemVersion problem) {
    try {
      return Sha256.hex(Json.mapper().writeValueAsBytes(problem)).substring(0, 16);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private LimitOverrides limits(ProblemYaml yaml) {
    Long timeLimitMs = yaml.timeLimitMs();
    if (files.containsKey(".timelimit")) {
      String text = Utf8.decode(".timelimit", source.read(".timelimit")).trim();
      long fileMs;
      try {
        double seconds = Double.parseDouble(text);
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
          throw new NumberFormatException(text);
        }
        fileMs = Math.round(seconds * 1000);
      } catch (NumberFormatException e) {
        throw ProblemPackageException.inFile(".timelimit", "is not a positive number of seconds");
      }
      if (timeLimitMs != null && timeLimitMs != fileMs) {
        throw ProblemPackageException.inFile(
            ".timelimit",
            "conflicting time limits: .timelimit says "
                + text
                + ", problem.yaml's limits.time_limit says "
                + timeLimitMs / 1000.0);
      }
      timeLimitMs = fileMs;
    }
    Integer outputMb = yaml.outputMb();
    // why: both versions of the format make a memory limit of "typically 2048 MiB" the default
    // of a package that sets none, and DOMjudge uses 2048 MiB: Verdict's own smaller default for
    // ad-hoc runs would fail programs the package's authors tested with more.
    Integer memoryMb =
        yaml.memoryMb() != null
            ? yaml.memoryMb()
            : Math.min(caps.defaultMemoryMb(), maxima.memoryMb());
    return atMostMax(
        new LimitOverrides(
            timeLimitMs,
            null,
            memoryMb,
            null,
            outputMb == null ? null : outputMb * 1024L,
            null,
            null,
            null,
            null),
        "time_limit",
        "memory",
        "output");
  }

  /**
   * The limits a package asks for, refused naming the key when one exceeds this deployment's {@code
   * limits.max}: a judge that cannot honour a limit must not grade with a smaller one ([F]
   * "Defaults and system limits").
   *
   * @param timeKey, memoryKey, outputKey the package's names of the time (s), memory (MiB) and
   *     output (MiB) limits, or null where the limits have no such key
   */
  private LimitOverrides atMostMax(
      LimitOverrides limits, String timeKey, String memoryKey, String outputKey) {
    if (limits.timeLimitMs() != null && limits.timeLimitMs() > maxima.timeLimitMs()) {
      throw tooLarge(timeKey, limits.timeLimitMs() / 1000.0, maxima.timeLimitMs() / 1000.0, "s");
    }
    if (limits.memoryMb() != null && limits.memoryMb() > maxima.memoryMb()) {
      throw tooLarge(memoryKey, limits.memoryMb(), maxima.memoryMb(), "MiB");
    }
    if (outputKey != null && limits.outputKb() != null && limits.outputKb() > maxima.outputKb()) {
      throw tooLarge(outputKey, limits.outputKb() / 1024, maxima.outputKb() / 1024, "MiB");
    }
    return limits;
  }

  private static ProblemPackageException tooLarge(
      String key, Number asked, Number max, String unit) {
    return ProblemPackageException.inFile(
        ProblemYaml.FILE,
        "limits."
            + key
            + " "
            + asked
            + " exceeds this deployment's "
            + max
            + " "
            + unit
            + " (limits.max); a package's limits are honoured or refused, never lowered");
  }

  private CheckerSpec checker(ProblemYaml yaml) {
    boolean v2023 = yaml.version() == FormatVersion.V2023_07;
    String home = validatorHome(v2023);
    if (v2023) {
      if (home == null) {
        if (yaml.interactive() || yaml.passes() != null) {
          throw ProblemPackageException.inFile(
              "output_validator", "is missing: interactive and multi-pass problems need one");
        }
        return new CheckerSpec(CheckerSpec.DEFAULT, List.of());
      }
      return customValidator(home, yaml);
    }
    if (yaml.validation() != ProblemYaml.Validation.CUSTOM && home != null) {
      throw ProblemPackageException.inFile(
          home,
          "output validator present but validation: "
              + yaml.validation().name().toLowerCase(java.util.Locale.ROOT));
    }
    return switch (yaml.validation()) {
      case DEFAULT -> new CheckerSpec(CheckerSpec.DEFAULT, yaml.validatorFlags());
      case EXACT -> new CheckerSpec(CheckerSpec.EXACT, yaml.validatorFlags());
      case CUSTOM -> {
        if (home == null) {
          throw ProblemPackageException.inFile(
              "output_validators", "holds no validator, but problem.yaml says validation: custom");
        }
        yield customValidator(home, yaml);
      }
    };
  }

  /**
   * The folder holding the output validator's files, or null when the package has none: legacy
   * {@code output_validators/} (its one subfolder, or itself), else {@code output_validator/} (its
   * one subfolder when it holds nothing else, or itself).
   */
  private String validatorHome(boolean v2023) {
    for (String base :
        v2023 ? List.of("output_validator/") : List.of(VALIDATORS, "output_validator/")) {
      TreeSet<String> folders = new TreeSet<>();
      boolean looseFiles = false;
      for (String path : files.keySet()) {
        if (!path.startsWith(base)) {
          continue;
        }
        String rest = path.substring(base.length());
        if (rest.contains("/")) {
          folders.add(rest.substring(0, rest.indexOf('/')));
        } else {
          looseFiles = true;
        }
      }
      if (folders.isEmpty() && !looseFiles) {
        continue;
      }
      if (looseFiles) {
        return base;
      }
      if (folders.size() > 1) {
        throw ProblemPackageException.inFile(
            base.substring(0, base.length() - 1),
            "holds "
                + folders.size()
                + " validators "
                + folders
                + "; more than one output validator is not supported");
      }
      return base + folders.first() + "/";
    }
    return null;
  }

  private CheckerSpec customValidator(String home, ProblemYaml yaml) {
    List<String> sources =
        files.keySet().stream()
            .filter(p -> p.startsWith(home) && !p.substring(home.length()).contains("/"))
            .toList();
    if (sources.isEmpty()) {
      throw ProblemPackageException.inFile(
          "output_validators", "holds no validator, but problem.yaml says validation: custom");
    }
    String language = null;
    List<SourceFile> stored = new ArrayList<>();
    for (String path : sources) {
      String name = path.substring(home.length());
      int dot = name.lastIndexOf('.');
      String fileLanguage = dot < 0 ? null : VALIDATOR_LANGUAGES.get(name.substring(dot));
      if (fileLanguage != null) {
        if (language != null && !language.equals(fileLanguage)) {
          throw ProblemPackageException.inFile(
              home, "the output validator mixes " + language + " and " + fileLanguage);
        }
        language = fileLanguage;
      }
      String problem = SourceFileNames.problem(name);
      if (problem != null) {
        throw ProblemPackageException.inFile(path, "validator file name " + problem);
      }
      stored.add(new SourceFile(name, stored(path), files.get(path).size(), null));
    }
    if (language == null) {
      throw ProblemPackageException.inFile(
          home,
          "cannot tell the validator's language from "
              + sources.stream().map(p -> p.substring(home.length())).toList()
              + " (.c, .cpp, .cc, .cxx, .py, .java, .js, .sh)");
    }
    String scoreFile =
        yaml.customScore()
            ? CheckerSpec.SCORE_REQUIRED
            : yaml.type() != ProblemType.SCORING
                ? null
                : yaml.version() == FormatVersion.V2023_07
                    ? CheckerSpec.SCORE_ALLOWED
                    : CheckerSpec.SCORE_LEGACY;
    return new CheckerSpec(
        CheckerSpec.CUSTOM,
        yaml.validatorFlags(),
        language,
        stored,
        yaml.interactive() ? true : null,
        yaml.passes(),
        scoreFile,
        atMostMax(
            yaml.validationLimits(), "validation_time", "validation_memory", "validation_output"));
  }

  private ProblemStatement statement() {
    for (String folder : STATEMENT_FOLDERS) {
      String markdown = folder + "/problem.en.md";
      if (files.containsKey(markdown)) {
        Utf8.decode(markdown, source.read(markdown));
        String html = folder + "/problem.en.html";
        String htmlSha = null;
        if (files.containsKey(html)) {
          Utf8.decode(html, source.read(html));
          htmlSha = stored(html);
        }
        return new ProblemStatement(stored(markdown), htmlSha);
      }
    }
    return null;
  }

  /**
   * The samples' {@code .interaction} files ({@code data/sample/} and, in 2023-07, {@code
   * data/sample/statement/}), in name order: text for submitters, never judged.
   */
  private List<SampleInteraction> interactions() {
    List<SampleInteraction> interactions = new ArrayList<>();
    for (String path : files.keySet()) {
      String name = interactionName(path);
      if (name != null) {
        Utf8.decode(path, source.read(path));
        interactions.add(new SampleInteraction(name, stored(path)));
      }
    }
    return interactions;
  }

  private static String interactionName(String path) {
    String suffix = ".interaction";
    if (!path.endsWith(suffix)) {
      return null;
    }
    for (String folder : List.of("data/sample/", "data/sample/statement/")) {
      String rest = path.substring(0, path.length() - suffix.length());
      if (rest.startsWith(folder) && rest.indexOf('/', folder.length()) < 0) {
        String base = rest.substring(folder.length());
        return base.isEmpty() ? null : "sample/" + base;
      }
    }
    return null;
  }

  private String stored(String path) {
    String sha = files.get(path).sha256();
    blobs.putIfAbsent(sha, path);
    return sha;
  }
}
