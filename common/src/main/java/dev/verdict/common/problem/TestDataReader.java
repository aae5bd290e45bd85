package dev.verdict.common.problem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.common.message.GroupRules;
import dev.verdict.common.message.GroupScoring;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.TestGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads {@code data/}: its test cases in judging order, and for scoring problems the tree of test
 * groups with each group's rules from the {@code testdata.yaml} files (docs/problems.md §10.1,
 * §11.1, §11.2). Legacy keys are inherited from the nearest ancestor that sets them; 2023-07 {@code
 * scoring} maps are not, and group scores not given are inferred.
 */
final class TestDataReader {
  static final String TESTDATA = "testdata.yaml";

  /**
   * The name the package format's later drafts and 2025-09 give {@code testdata.yaml}; DOMjudge
   * reads either. A directory holds at most one of the two.
   */
  static final String TEST_GROUP = "test_group.yaml";

  private static final Set<String> LEGACY_GRADING =
      Set.of("on_reject", "grading", "grader_flags", "accept_score", "reject_score", "range");
  private static final Set<String> LEGACY_KEYS =
      Set.of(
          "on_reject",
          "grading",
          "grader_flags",
          "accept_score",
          "reject_score",
          "range",
          "input_validator_flags",
          "output_validator_flags");
  private static final Set<String> V2023_KEYS =
      Set.of(
          "scoring",
          "input_validator_args",
          "output_validator_args",
          "full_feedback",
          "hint",
          "description",
          "static_validation");
  private static final Set<String> SCORE_KEYS = Set.of("accept_score", "reject_score", "range");
  private static final Set<String> NOT_JUDGED_IN_SAMPLE = Set.of("statement", "download");

  /**
   * What {@code data/} holds.
   *
   * @param groups the root group for a scoring problem, else null
   * @param stopOnFailure for a pass-fail problem, the root's {@code on_reject}, or null when unset
   */
  record TestData(List<TestCase> tests, TestGroup groups, Boolean stopOnFailure) {}

  /** The legacy keys in force in a group, its own or inherited. */
  private record Legacy(
      String onReject,
      List<String> graderFlags,
      double acceptScore,
      double rejectScore,
      Double rangeLow,
      Double rangeHigh,
      List<String> outputFlags,
      boolean acceptScoreSet) {
    static final Legacy DEFAULTS =
        new Legacy("break", List.of(), 1, 0, null, null, List.of(), false);
  }

  private final PackageSource source;
  private final SortedMap<String, PackageFile> files;
  private final ProblemYaml yaml;
  private final Function<String, String> stored;
  private final List<TestCase> tests = new ArrayList<>();
  private boolean v2023Scoring;

  private TestDataReader(PackageSource source, ProblemYaml yaml, Function<String, String> stored) {
    this.source = source;
    this.files = source.files();
    this.yaml = yaml;
    this.stored = stored;
  }

  /**
   * @param stored keeps a file of the package and returns its SHA-256
   */
  static TestData read(PackageSource source, ProblemYaml yaml, Function<String, String> stored) {
    return new TestDataReader(source, yaml, stored).read();
  }

  private TestData read() {
    v2023Scoring = scheme();
    boolean scoring = yaml.type() == ProblemType.SCORING;
    TestGroup root;
    if (v2023Scoring) {
      root = v2023Root();
    } else {
      JsonNode rootYaml = testdata("data");
      Legacy rootSettings = legacy(Legacy.DEFAULTS, rootYaml, "data", true);
      root = legacyGroup("data", GroupScoring.ROOT, rootSettings, true);
    }
    Boolean stop = null;
    JsonNode rootYaml = testdata("data");
    if (rootYaml.has("on_reject")) {
      stop = rootYaml.get("on_reject").asText().equals("break");
    }
    return new TestData(tests, scoring ? root : null, stop);
  }

  /** Whether the package scores by 2023-07 {@code scoring} maps (else by legacy graders). */
  private boolean scheme() {
    boolean scoringMaps = false;
    String legacyKey = null;
    String legacyFile = null;
    for (String path : files.keySet()) {
      if (!path.startsWith("data/")
          || !(path.endsWith("/" + TESTDATA) || path.endsWith("/" + TEST_GROUP))) {
        continue;
      }
      config(path.substring(0, path.lastIndexOf('/')));
      JsonNode node = ProblemYaml.readYaml(path, source.read(path));
      if (!node.isObject()) {
        throw ProblemPackageException.inFile(path, "must be a mapping of keys to values");
      }
      Set<String> known = yaml.version() == FormatVersion.LEGACY ? LEGACY_KEYS : allKeys();
      for (String key : ProblemYaml.iterable(node.fieldNames())) {
        if (!known.contains(key)) {
          throw ProblemPackageException.inFile(path, "unknown key '" + key + "'");
        }
        if (LEGACY_GRADING.contains(key)) {
          legacyKey = key;
          legacyFile = path;
        }
      }
      if (node.has("static_validation")) {
        throw ProblemPackageException.inFile(path, "static validation is not supported");
      }
      if (node.has("scoring")) {
        if (yaml.type() != ProblemType.SCORING) {
          throw ProblemPackageException.inFile(path, "scoring in a pass-fail problem");
        }
        scoringMaps = true;
      }
    }
    if (scoringMaps && legacyKey != null) {
      throw ProblemPackageException.inFile(
          legacyFile, "testdata.yaml mixes scoring with legacy grading keys (" + legacyKey + ")");
    }
    return yaml.version() == FormatVersion.V2023_07 && legacyKey == null;
  }

  private static Set<String> allKeys() {
    TreeSet<String> all = new TreeSet<>(LEGACY_KEYS);
    all.addAll(V2023_KEYS);
    return all;
  }

  // ---------------------------------------------------------------- legacy

  private TestGroup legacyGroup(String dir, String name, Legacy settings, boolean root) {
    List<TestGroup.Item> items = new ArrayList<>();
    for (String child : children(dir, root)) {
      String path = dir + "/" + child;
      if (isDirectory(path)) {
        Legacy own = legacy(settings, testdata(path), path, false);
        String groupName = path.substring("data/".length());
        TestGroup group = legacyGroup(path, groupName, own, false);
        if (root
            && child.equals("sample")
            && yaml.type() == ProblemType.SCORING
            && !files.containsKey(config(path))) {
          // why: DOMjudge makes a group only of a directory with a testdata.yaml, so its packages'
          // samples score nothing, and 2023-07 says samples never count; a package that wants its
          // samples to count says so in data/sample/testdata.yaml.
          group = new TestGroup(group.name(), group.rules().withScoreless(), group.items());
        }
        items.add(TestGroup.Item.group(group));
      } else {
        items.add(TestGroup.Item.test(addTest(path, settings.outputFlags())));
      }
    }
    GroupRules rules = rules(settings);
    return new TestGroup(name, settings.acceptScoreSet() ? rules.withAcceptOnce() : rules, items);
  }

  private Legacy legacy(Legacy parent, JsonNode node, String dir, boolean root) {
    String file = config(dir);
    if (yaml.type() != ProblemType.SCORING) {
      for (String key : SCORE_KEYS) {
        if (node.has(key)) {
          throw ProblemPackageException.inFile(file, key + " in a pass-fail problem");
        }
      }
    }
    String onReject = node.has("on_reject") ? node.get("on_reject").asText() : parent.onReject();
    if (!onReject.equals("break") && !onReject.equals("continue")) {
      throw ProblemPackageException.inFile(file, "on_reject must be break or continue");
    }
    if (node.has("grading") && !node.get("grading").asText().equals("default")) {
      throw ProblemPackageException.inFile(
          file, "grading: custom (custom graders) is not supported");
    }
    List<String> flags =
        node.has("grader_flags") ? words(file, node.get("grader_flags")) : parent.graderFlags();
    for (String flag : flags) {
      switch (flag) {
        case "worst_error",
            "no_errors",
            "first_error",
            "always_accept",
            "sum",
            "avg",
            "min",
            "max",
            "accept_if_any_accepted" -> {}
        case "ignore_sample" -> {
          if (!root) {
            throw ProblemPackageException.inFile(
                file,
                "grader_flags: ignore_sample below the root (inherited from"
                    + " data/testdata.yaml?)");
          }
          if (onReject.equals("break")) {
            throw ProblemPackageException.inFile(
                file, "grader_flags: ignore_sample with on_reject: break");
          }
        }
        default -> throw ProblemPackageException.inFile(file, "unknown grader flag '" + flag + "'");
      }
    }
    Double low = parent.rangeLow();
    Double high = parent.rangeHigh();
    if (node.has("range")) {
      List<String> range = words(file, node.get("range"));
      if (range.size() != 2) {
        throw ProblemPackageException.inFile(file, "range must be two numbers, low and high");
      }
      low = bound(file, range.get(0));
      high = bound(file, range.get(1));
    }
    List<String> outputFlags = parent.outputFlags();
    if (node.has("output_validator_flags")) {
      if (node.get("output_validator_flags").isObject()) {
        throw ProblemPackageException.inFile(
            file, "output_validator_flags as a map is not supported");
      }
      outputFlags = words(file, node.get("output_validator_flags"));
    }
    return new Legacy(
        onReject,
        flags,
        node.has("accept_score")
            ? number(file, "accept_score", node.get("accept_score"))
            : parent.acceptScore(),
        node.has("reject_score")
            ? number(file, "reject_score", node.get("reject_score"))
            : parent.rejectScore(),
        low,
        high,
        outputFlags,
        parent.acceptScoreSet() || node.has("accept_score"));
  }

  private static GroupRules rules(Legacy settings) {
    String verdictMode = "worst_error";
    String scoreMode = "sum";
    boolean ignoreSample = false;
    boolean acceptIfAny = false;
    for (String flag : settings.graderFlags()) {
      switch (flag) {
        case "worst_error", "no_errors" -> verdictMode = "worst_error";
        case "first_error" -> verdictMode = "first_error";
        case "always_accept" -> verdictMode = "always_accept";
        case "sum", "avg", "min", "max" -> scoreMode = flag;
        case "ignore_sample" -> ignoreSample = true;
        case "accept_if_any_accepted" -> acceptIfAny = true;
        default -> throw new IllegalStateException(flag);
      }
    }
    return GroupRules.legacy(
        settings.onReject().equals("break"),
        verdictMode,
        scoreMode,
        ignoreSample,
        acceptIfAny,
        settings.acceptScore(),
        settings.rejectScore(),
        settings.rangeLow(),
        settings.rangeHigh());
  }

  private static Double bound(String file, String word) {
    switch (word) {
      case "-inf", "-infinity" -> {
        return null;
      }
      case "inf", "+inf", "infinity" -> {
        return null;
      }
      default -> {
        try {
          double value = Double.parseDouble(word);
          if (Double.isNaN(value)) {
            throw new NumberFormatException(word);
          }
          return Double.isInfinite(value) ? null : value;
        } catch (NumberFormatException e) {
          throw ProblemPackageException.inFile(file, "range bound '" + word + "' is not a number");
        }
      }
    }
  }

  // ---------------------------------------------------------------- 2023-07

  private TestGroup v2023Root() {
    List<TestGroup.Item> items = new ArrayList<>();
    for (String child : children("data", true)) {
      String path = "data/" + child;
      if (!isDirectory(path)) {
        continue;
      }
      if (child.equals("sample")) {
        items.add(TestGroup.Item.group(v2023Sample(path)));
      } else {
        JsonNode scoring = testdata(path).path("scoring");
        Double max = scoreOf(path, scoring, 100.0);
        String aggregation = aggregationOf(path, scoring, "sum");
        items.add(TestGroup.Item.group(v2023Group(path, max, aggregation, true)));
      }
    }
    return new TestGroup(GroupScoring.ROOT, GroupRules.v2023(false, null, null, null), items);
  }

  private TestGroup v2023Sample(String dir) {
    List<TestGroup.Item> items = new ArrayList<>();
    for (String child : children(dir, false)) {
      String path = dir + "/" + child;
      if (isDirectory(path)) {
        if (NOT_JUDGED_IN_SAMPLE.contains(child)) {
          continue;
        }
        throw ProblemPackageException.inFile(path, "groups under data/sample are not allowed");
      }
      items.add(TestGroup.Item.test(addTest(path, outputArgs(dir, path))));
    }
    return new TestGroup("sample", GroupRules.v2023(false, null, null, null), items);
  }

  private TestGroup v2023Group(String dir, Double max, String aggregation, boolean top) {
    List<String> children = children(dir, false);
    int tests = 0;
    int unscored = 0;
    double given = 0;
    for (String child : children) {
      String path = dir + "/" + child;
      if (isDirectory(path)) {
        JsonNode scoring = testdata(path).path("scoring");
        if (scoring.has("score")) {
          Double score = scoreOf(path, scoring, null);
          if (score == null && max != null) {
            throw ProblemPackageException.inFile(
                config(path), "an unbounded group under a bounded one");
          }
          given += score == null ? 0 : score;
        } else {
          unscored++;
        }
      } else {
        tests++;
      }
    }
    if (max != null && given > max + 1e-9) {
      throw ProblemPackageException.inFile(
          config(dir),
          "scores of " + dir.substring("data/".length()) + "'s subgroups exceed its score");
    }
    Double share =
        max == null
            ? null
            : aggregation.equals("sum")
                ? (tests + unscored == 0 ? 0.0 : (max - given) / (tests + unscored))
                : max;
    if (aggregation.equals("pass-fail") && max == null) {
      throw ProblemPackageException.inFile(
          config(dir), "a pass-fail group must have a bounded score");
    }
    List<TestGroup.Item> items = new ArrayList<>();
    for (String child : children) {
      String path = dir + "/" + child;
      if (isDirectory(path)) {
        JsonNode scoring = testdata(path).path("scoring");
        Double childMax = scoring.has("score") ? scoreOf(path, scoring, null) : share;
        String childAggregation = aggregationOf(path, scoring, "pass-fail");
        if (aggregation.equals("pass-fail") && !childAggregation.equals("pass-fail")) {
          throw ProblemPackageException.inFile(
              config(path), "the subgroups of a pass-fail group must be pass-fail");
        }
        items.add(TestGroup.Item.group(v2023Group(path, childMax, childAggregation, false)));
      } else {
        items.add(TestGroup.Item.test(addTest(path, outputArgs(dir, path))));
      }
    }
    String name = dir.substring("data/".length());
    return new TestGroup(
        name, GroupRules.v2023(!aggregation.equals("sum"), aggregation, max, share), items);
  }

  private Double scoreOf(String dir, JsonNode scoring, Double fallback) {
    String file = config(dir);
    if (scoring.has("require-pass") || scoring.has("require_pass")) {
      throw ProblemPackageException.inFile(file, "require-pass is not supported");
    }
    if (!scoring.has("score")) {
      return fallback;
    }
    JsonNode score = scoring.get("score");
    if (score.isTextual() && score.asText().equals("unbounded")) {
      return null;
    }
    if (!score.isIntegralNumber() || score.asLong() < 0) {
      throw ProblemPackageException.inFile(
          file, "scoring.score must be a whole number of at least 0, or unbounded");
    }
    return score.asDouble();
  }

  private String aggregationOf(String dir, JsonNode scoring, String fallback) {
    if (!scoring.has("aggregation")) {
      return fallback;
    }
    String aggregation = scoring.get("aggregation").asText();
    if (!Set.of("pass-fail", "sum", "min").contains(aggregation)) {
      throw ProblemPackageException.inFile(
          config(dir), "scoring.aggregation '" + aggregation + "' must be pass-fail, sum or min");
    }
    return aggregation;
  }

  /** 2023-07 validator arguments: the test's own {@code <name>.yaml}, else the nearest group's. */
  private List<String> outputArgs(String dir, String testBase) {
    String own = testBase + ".yaml";
    if (files.containsKey(own)) {
      JsonNode node = ProblemYaml.readYaml(own, source.read(own));
      if (node.has("args")) {
        throw ProblemPackageException.inFile(own, "test case args are not supported");
      }
      if (node.has("output_validator_args")) {
        return words(own, node.get("output_validator_args"));
      }
    }
    for (String d = dir; d.startsWith("data"); d = parent(d)) {
      JsonNode node = testdata(d);
      if (node.has("output_validator_args")) {
        return words(config(d), node.get("output_validator_args"));
      }
      if (node.has("output_validator_flags")) {
        return words(config(d), node.get("output_validator_flags"));
      }
      if (d.equals("data")) {
        break;
      }
    }
    return List.of();
  }

  private static String parent(String dir) {
    int slash = dir.lastIndexOf('/');
    return slash < 0 ? "" : dir.substring(0, slash);
  }

  // ---------------------------------------------------------------- shared

  /** The test cases (by base name) and subdirectories of {@code dir}, in byte order of names. */
  private List<String> children(String dir, boolean root) {
    String prefix = dir + "/";
    TreeSet<String> tests = new TreeSet<>();
    TreeSet<String> dirs = new TreeSet<>();
    for (String path : files.subMap(prefix, prefix + Character.MAX_VALUE).keySet()) {
      String rest = path.substring(prefix.length());
      if (rest.startsWith(".") || rest.startsWith("-")) {
        continue;
      }
      int slash = rest.indexOf('/');
      if (slash >= 0) {
        dirs.add(rest.substring(0, slash));
      } else if (rest.endsWith(".in")) {
        String base = rest.substring(0, rest.length() - ".in".length());
        if (!files.containsKey(prefix + base + ".ans")) {
          throw ProblemPackageException.inFile(
              prefix + base + ".ans", "is missing: every test input needs its answer");
        }
        tests.add(base);
      }
    }
    if (root) {
      dirs.retainAll(Set.of("sample", "secret"));
      tests.clear();
    }
    for (String name : tests) {
      if (dirs.contains(name) && yaml.version() == FormatVersion.V2023_07) {
        throw ProblemPackageException.inFile(
            prefix + name, "group and test case both named " + name);
      }
    }
    // why: names are ASCII in practice, where String order is byte order ([L] "lexicographical").
    TreeSet<String> all = new TreeSet<>(tests);
    all.addAll(dirs);
    return new ArrayList<>(all);
  }

  private boolean isDirectory(String path) {
    String prefix = path + "/";
    return !files.subMap(prefix, prefix + Character.MAX_VALUE).isEmpty()
        && !files.containsKey(path + ".in");
  }

  private int addTest(String base, List<String> validatorArgs) {
    String input = base + ".in";
    String answer = base + ".ans";
    tests.add(
        new TestCase(
            base.substring("data/".length()),
            stored.apply(input),
            stored.apply(answer),
            1,
            validatorArgs));
    return tests.size() - 1;
  }

  /**
   * The path of a directory's group configuration: its {@code test_group.yaml} if it has one, else
   * its {@code testdata.yaml} (which need not exist).
   *
   * @throws ProblemPackageException when the directory has both
   */
  private String config(String dir) {
    String legacyName = dir + "/" + TESTDATA;
    String newName = dir + "/" + TEST_GROUP;
    if (files.containsKey(newName)) {
      if (files.containsKey(legacyName)) {
        throw ProblemPackageException.inFile(
            newName, "and " + TESTDATA + " side by side: a directory has one or the other");
      }
      return newName;
    }
    return legacyName;
  }

  private JsonNode testdata(String dir) {
    String path = config(dir);
    if (!files.containsKey(path)) {
      return ProblemYaml.readYaml(path, new byte[0]);
    }
    return ProblemYaml.readYaml(path, source.read(path));
  }

  private static double number(String file, String key, JsonNode value) {
    if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
      throw ProblemPackageException.inFile(file, key + " must be a number");
    }
    return value.asDouble();
  }

  private static List<String> words(String file, JsonNode node) {
    List<String> words = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          throw ProblemPackageException.inFile(file, "expected words or a list of words");
        }
        words.add(item.asText());
      }
    } else if (node.isValueNode()) {
      words.addAll(
          Arrays.stream(node.asText().trim().split("\\s+")).filter(w -> !w.isEmpty()).toList());
    } else {
      throw ProblemPackageException.inFile(file, "expected words or a list of words");
    }
    return words;
  }
}
