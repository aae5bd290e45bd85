package dev.verdict.common.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.codec.Json;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SourceFileNames;
import dev.verdict.common.message.TestCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a problem in the ICPC/Kattis problem package layout and stores it:
 *
 * <pre>
 * &lt;id&gt;/problem.yaml                 name, type (pass-fail | scoring), limits (time_limit s,
 *                                   memory MiB, output MiB), validation (default | exact |
 *                                   custom),
 *                                   validator_flags, on_reject (break | continue; by default
 *                                   break for pass-fail and continue for scoring problems)
 * &lt;id&gt;/.timelimit                   optional time limit in seconds (DOMjudge convention)
 * &lt;id&gt;/data/sample/*.in, *.ans      tests, graded first
 * &lt;id&gt;/data/secret/**&#47;*.in, *.ans   tests, in lexicographic order of their paths
 * &lt;id&gt;/data/**&#47;testdata.yaml        optional accept_score: the weight of each test there
 * &lt;id&gt;/output_validators/&lt;name&gt;/*   for validation: custom, the validator's sources in one
 *                                   language (.c, .cpp/.cc, .py, .java, .js, .sh); it is run as
 *                                   {@code validator input answer feedback_dir [flags] < output}
 *                                   and exits 42 (accepted) or 43 (wrong answer)
 * </pre>
 *
 * <p>Loading a folder and importing an uploaded package go through this one class, and so does
 * reading a package where no store runs ({@link #read}). Loading the same content twice yields the
 * same version and stores nothing new.
 */
public final class ProblemPackageLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String ID_PATTERN = "[a-z0-9][a-z0-9_-]{0,63}";

  private final BlobStore blobs;
  private final ProblemStore problems;

  public ProblemPackageLoader(BlobStore blobs, ProblemStore problems) {
    this.blobs = blobs;
    this.problems = problems;
  }

  /** Loads every problem folder directly under {@code root}; returns them in id order. */
  public List<ProblemVersion> loadAll(Path root) {
    List<ProblemVersion> loaded = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path dir : children.sorted().toList()) {
        if (Files.isRegularFile(dir.resolve("problem.yaml"))) {
          loaded.add(load(dir));
        }
      }
    } catch (IOException e) {
      throw new ProblemPackageException("cannot list problems in " + root + ": " + e, e);
    }
    return loaded;
  }

  /**
   * Loads one problem folder (its name is the problem id): stores its files in the blob store and
   * the version in the problem store.
   */
  public ProblemVersion load(Path dir) {
    ProblemVersion versioned = read(dir, blobs::put);
    problems.save(versioned, System.currentTimeMillis());
    return versioned;
  }

  /**
   * Reads one problem folder (its name is the problem id) without any store: every file a test or
   * the validator needs is handed to {@code store}, which keeps it and returns its id, the SHA-256
   * of the content (as {@link BlobStore#put} does). Reading the same content twice yields the same
   * version.
   *
   * @throws ProblemPackageException when the folder is not a valid problem package
   */
  public static ProblemVersion read(Path dir, Function<byte[], String> store) {
    String id = dir.getFileName().toString();
    if (!id.matches(ID_PATTERN)) {
      throw new ProblemPackageException(
          "problem id '" + id + "' must match " + ID_PATTERN + " (the folder name is the id)");
    }
    JsonNode yaml = readYaml(dir.resolve("problem.yaml"));
    String name = yaml.path("name").asText(id);
    LimitOverrides limits = limits(dir, yaml);
    CheckerSpec checker = checker(dir, yaml, store);
    List<TestCase> tests = new ArrayList<>();
    tests.addAll(tests(dir, "sample", store));
    tests.addAll(tests(dir, "secret", store));
    if (tests.isEmpty()) {
      throw new ProblemPackageException(
          "problem " + id + " has no tests: expected data/sample/*.in or data/secret/*.in");
    }
    boolean stopOnFailure = stopOnFailure(yaml);
    ProblemVersion unversioned =
        new ProblemVersion(id, "", name, limits, checker, tests, stopOnFailure);
    return new ProblemVersion(
        id, versionOf(unversioned), name, limits, checker, tests, stopOnFailure);
  }

  private static boolean stopOnFailure(JsonNode yaml) {
    String type = yaml.path("type").asText("pass-fail");
    if (!type.equals("pass-fail") && !type.equals("scoring")) {
      throw new ProblemPackageException(
          "problem.yaml type '" + type + "' must be pass-fail or scoring");
    }
    String onReject = yaml.path("on_reject").asText(type.equals("scoring") ? "continue" : "break");
    return switch (onReject) {
      case "break" -> true;
      case "continue" -> false;
      default ->
          throw new ProblemPackageException(
              "problem.yaml on_reject '" + onReject + "' must be break or continue");
    };
  }

  private static String versionOf(ProblemVersion problem) {
    try {
      byte[] canonical = Json.mapper().writeValueAsBytes(problem);
      return Sha256.hex(canonical).substring(0, 16);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LimitOverrides limits(Path dir, JsonNode yaml) {
    JsonNode limits = yaml.path("limits");
    Long timeLimitMs = null;
    if (limits.has("time_limit")) {
      timeLimitMs = secondsToMs(limits.get("time_limit"), "limits.time_limit");
    }
    Path timelimit = dir.resolve(".timelimit");
    if (timeLimitMs == null && Files.isRegularFile(timelimit)) {
      try {
        timeLimitMs = Math.round(Double.parseDouble(Files.readString(timelimit).trim()) * 1000);
      } catch (IOException | NumberFormatException e) {
        throw new ProblemPackageException(".timelimit of " + dir + " is not a number of seconds");
      }
    }
    Integer memoryMb = positiveInt(limits, "memory");
    Integer outputMb = positiveInt(limits, "output");
    return new LimitOverrides(
        timeLimitMs,
        null,
        memoryMb,
        null,
        outputMb == null ? null : outputMb * 1024L,
        null,
        null,
        null,
        null);
  }

  private static long secondsToMs(JsonNode value, String key) {
    if (!value.isNumber() || value.asDouble() <= 0) {
      throw new ProblemPackageException("problem.yaml " + key + " must be a positive number");
    }
    return Math.round(value.asDouble() * 1000);
  }

  private static Integer positiveInt(JsonNode limits, String key) {
    if (!limits.has(key)) {
      return null;
    }
    JsonNode value = limits.get(key);
    if (!value.canConvertToInt() || value.asInt() <= 0) {
      throw new ProblemPackageException(
          "problem.yaml limits." + key + " must be a positive integer");
    }
    return value.asInt();
  }

  private static CheckerSpec checker(Path dir, JsonNode yaml, Function<byte[], String> store) {
    String validation = yaml.path("validation").asText("default");
    List<String> flags =
        Arrays.stream(yaml.path("validator_flags").asText("").trim().split("\\s+"))
            .filter(flag -> !flag.isEmpty())
            .toList();
    return switch (validation) {
      case "default" -> new CheckerSpec(CheckerSpec.DEFAULT, flags);
      case "exact" -> new CheckerSpec(CheckerSpec.EXACT, flags);
      case "custom" -> customValidator(dir, flags, store);
      default ->
          throw new ProblemPackageException(
              "problem.yaml validation '"
                  + validation
                  + "' is not supported (default, exact, custom)");
    };
  }

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

  private static CheckerSpec customValidator(
      Path dir, List<String> flags, Function<byte[], String> store) {
    Path validators = dir.resolve("output_validators");
    List<Path> files;
    try (Stream<Path> entries =
        Files.isDirectory(validators) ? Files.list(validators) : Stream.empty()) {
      List<Path> children = entries.sorted().toList();
      List<Path> dirs = children.stream().filter(Files::isDirectory).toList();
      if (dirs.size() > 1) {
        throw new ProblemPackageException(
            "output_validators of "
                + dir.getFileName()
                + " holds "
                + dirs.size()
                + " validators; one is supported");
      }
      Path home = dirs.isEmpty() ? validators : dirs.get(0);
      try (Stream<Path> sources = Files.list(home)) {
        files = sources.filter(Files::isRegularFile).sorted().toList();
      }
    } catch (IOException e) {
      throw new ProblemPackageException("cannot read " + validators + ": " + e, e);
    }
    if (files.isEmpty()) {
      throw new ProblemPackageException(
          "problem.yaml says validation: custom but output_validators/ of "
              + dir.getFileName()
              + " has no validator");
    }
    String language = null;
    List<SourceFile> stored = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      String fileLanguage = dot < 0 ? null : VALIDATOR_LANGUAGES.get(name.substring(dot));
      if (fileLanguage != null) {
        if (language != null && !language.equals(fileLanguage)) {
          throw new ProblemPackageException(
              "the output validator of "
                  + dir.getFileName()
                  + " mixes "
                  + language
                  + " and "
                  + fileLanguage);
        }
        language = fileLanguage;
      }
      String problem = SourceFileNames.problem(name);
      if (problem != null) {
        throw new ProblemPackageException("validator file name '" + name + "' " + problem);
      }
      try {
        byte[] content = Files.readAllBytes(file);
        stored.add(new SourceFile(name, store.apply(content), content.length, null));
      } catch (IOException e) {
        throw new ProblemPackageException("cannot read " + file + ": " + e, e);
      }
    }
    if (language == null) {
      throw new ProblemPackageException(
          "cannot tell the language of the output validator of "
              + dir.getFileName()
              + " from "
              + files.stream().map(f -> f.getFileName().toString()).toList());
    }
    return new CheckerSpec(CheckerSpec.CUSTOM, flags, language, stored);
  }

  private static List<TestCase> tests(Path dir, String group, Function<byte[], String> store) {
    Path groupDir = dir.resolve("data").resolve(group);
    if (!Files.isDirectory(groupDir)) {
      return List.of();
    }
    List<Path> inputs;
    try (Stream<Path> walk = Files.walk(groupDir)) {
      inputs =
          walk.filter(p -> p.getFileName().toString().endsWith(".in"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ProblemPackageException("cannot read " + groupDir + ": " + e, e);
    }
    List<TestCase> tests = new ArrayList<>();
    for (Path input : inputs) {
      String base = input.getFileName().toString();
      base = base.substring(0, base.length() - ".in".length());
      Path answer = input.resolveSibling(base + ".ans");
      if (!Files.isRegularFile(answer)) {
        throw new ProblemPackageException(
            "test " + dir.relativize(input) + " has no answer file " + answer.getFileName());
      }
      String name = dir.resolve("data").relativize(input.resolveSibling(base)).toString();
      tests.add(
          new TestCase(
              name,
              stored(input, store),
              stored(answer, store),
              weight(groupDir, input.getParent())));
    }
    return tests;
  }

  private static int weight(Path groupDir, Path testDir) {
    for (Path d = testDir; d != null && d.startsWith(groupDir); d = d.getParent()) {
      Path testdata = d.resolve("testdata.yaml");
      if (Files.isRegularFile(testdata)) {
        JsonNode yaml = readYaml(testdata);
        if (yaml.has("accept_score")) {
          int score = yaml.get("accept_score").asInt(-1);
          if (score < 0) {
            throw new ProblemPackageException(testdata + ": accept_score must be a whole number");
          }
          return score;
        }
      }
    }
    return 1;
  }

  private static String stored(Path file, Function<byte[], String> store) {
    try {
      return store.apply(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ProblemPackageException("cannot read " + file + ": " + e, e);
    }
  }

  private static JsonNode readYaml(Path file) {
    try {
      JsonNode node = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
      return node == null ? YAML.createObjectNode() : node;
    } catch (IOException e) {
      throw new ProblemPackageException(file + " is not valid YAML: " + e.getMessage(), e);
    }
  }
}
