package dev.verdict.common.problem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.codec.Json;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SourceFileNames;
import dev.verdict.common.message.TestCase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * data/secret/**&#47;*.in, *.ans   tests, in lexicographic order of their paths
 * data/**&#47;testdata.yaml        optional accept_score: the weight of each test there
 * output_validators/&lt;name&gt;/*   for validation: custom, the validator's sources in one language
 *                                (.c, .cpp/.cc, .py, .java, .js, .sh); it is run as
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
  private final Map<String, String> blobs = new LinkedHashMap<>();
  private final Map<String, Integer> weights = new HashMap<>();

  private PackageReader(PackageSource source, String id) {
    this.source = source;
    this.files = source.files();
    this.id = id;
  }

  /**
   * @throws ProblemPackageException naming the file at fault when the package cannot be used
   */
  static ReadPackage read(PackageSource source, String id) {
    PackageReader reader = new PackageReader(source, id);
    return new ReadPackage(reader.version(), Map.copyOf(reader.blobs));
  }

  private ProblemVersion version() {
    if (!files.containsKey(ProblemYaml.FILE)) {
      throw ProblemPackageException.inFile(
          ProblemYaml.FILE, "is missing: a package has one at its top");
    }
    ProblemYaml yaml = ProblemYaml.parse(source.read(ProblemYaml.FILE));
    LimitOverrides limits = limits(yaml);
    CheckerSpec checker = checker(yaml);
    List<TestCase> tests = new ArrayList<>(tests("sample"));
    tests.addAll(tests("secret"));
    if (tests.isEmpty()) {
      throw new ProblemPackageException(
          "problem " + id + " has no tests: expected data/sample/*.in or data/secret/*.in");
    }
    ProblemVersion unversioned =
        new ProblemVersion(
            id,
            "",
            yaml.name() == null ? id : yaml.name(),
            limits,
            checker,
            tests,
            yaml.stopOnFailure(),
            yaml.type(),
            statement());
    return unversioned.withVersion(versionOf(unversioned));
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
    if (timeLimitMs == null && files.containsKey(".timelimit")) {
      String text = Utf8.decode(".timelimit", source.read(".timelimit")).trim();
      try {
        double seconds = Double.parseDouble(text);
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
          throw new NumberFormatException(text);
        }
        timeLimitMs = Math.round(seconds * 1000);
      } catch (NumberFormatException e) {
        throw ProblemPackageException.inFile(".timelimit", "is not a positive number of seconds");
      }
    }
    Integer outputMb = yaml.outputMb();
    return new LimitOverrides(
        timeLimitMs,
        null,
        yaml.memoryMb(),
        null,
        outputMb == null ? null : outputMb * 1024L,
        null,
        null,
        null,
        null);
  }

  private CheckerSpec checker(ProblemYaml yaml) {
    return switch (yaml.validation()) {
      case DEFAULT -> new CheckerSpec(CheckerSpec.DEFAULT, yaml.validatorFlags());
      case EXACT -> new CheckerSpec(CheckerSpec.EXACT, yaml.validatorFlags());
      case CUSTOM -> customValidator(yaml.validatorFlags());
    };
  }

  private CheckerSpec customValidator(List<String> flags) {
    TreeSet<String> folders = new TreeSet<>();
    for (String path : files.keySet()) {
      String rest = path.startsWith(VALIDATORS) ? path.substring(VALIDATORS.length()) : null;
      if (rest != null && rest.contains("/")) {
        folders.add(rest.substring(0, rest.indexOf('/')));
      }
    }
    if (folders.size() > 1) {
      throw ProblemPackageException.inFile(
          "output_validators",
          "holds " + folders.size() + " validators " + folders + "; one is supported");
    }
    String home = folders.isEmpty() ? VALIDATORS : VALIDATORS + folders.first() + "/";
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
    return new CheckerSpec(CheckerSpec.CUSTOM, flags, language, stored);
  }

  private List<TestCase> tests(String group) {
    String groupDir = "data/" + group + "/";
    List<TestCase> tests = new ArrayList<>();
    for (String input : files.keySet()) {
      if (!input.startsWith(groupDir) || !input.endsWith(".in")) {
        continue;
      }
      String base = input.substring(0, input.length() - ".in".length());
      String answer = base + ".ans";
      if (!files.containsKey(answer)) {
        throw ProblemPackageException.inFile(
            answer, "is missing: every test input needs its answer");
      }
      String folder = input.substring(0, input.lastIndexOf('/'));
      tests.add(
          new TestCase(
              base.substring("data/".length()),
              stored(input),
              stored(answer),
              weight(groupDir.substring(0, groupDir.length() - 1), folder)));
    }
    return tests;
  }

  /** The accept_score of the nearest testdata.yaml from the test's folder up to its group's. */
  private int weight(String groupDir, String folder) {
    for (String d = folder;
        d.startsWith(groupDir);
        d = d.substring(0, Math.max(0, d.lastIndexOf('/')))) {
      String testdata = d + "/testdata.yaml";
      if (files.containsKey(testdata)) {
        Integer score = weights.computeIfAbsent(testdata, this::acceptScore);
        if (score >= 0) {
          return score;
        }
      }
      if (d.equals(groupDir)) {
        break;
      }
    }
    return 1;
  }

  /** The file's accept_score, or -1 when it sets none. */
  private int acceptScore(String testdata) {
    JsonNode yaml = ProblemYaml.readYaml(testdata, source.read(testdata));
    if (!yaml.has("accept_score")) {
      return -1;
    }
    JsonNode score = yaml.get("accept_score");
    if (!score.isIntegralNumber() || !score.canConvertToInt() || score.asInt() < 0) {
      throw ProblemPackageException.inFile(testdata, "accept_score must be a whole number");
    }
    return score.asInt();
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

  private String stored(String path) {
    String sha = files.get(path).sha256();
    blobs.putIfAbsent(sha, path);
    return sha;
  }
}
