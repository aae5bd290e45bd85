package dev.verdict.loadgen.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A problem package read from disk for the baseline loop, in the order and with the limits and
 * checker the system grades it with: {@code data/sample} then {@code data/secret} tests in path
 * order; {@code problem.yaml}'s {@code time_limit} (s), {@code memory} and {@code output} (MiB),
 * {@code validation} and {@code validator_flags}, {@code type}/{@code on_reject}.
 *
 * <p>why not common's ProblemPackageLoader: it stores what it reads in GridFS and MongoDB, and the
 * baseline runs without stores. Keep the two in step (the loader is the reference).
 */
final class ProblemPackage {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String id;
  private final LimitOverrides limits;
  private final CheckerSpec checker;
  private final List<Test> tests;
  private final boolean stopOnFailure;

  /** One test: its input file (fed as stdin) and both files' contents for the checker. */
  static final class Test {
    private final String name;
    private final Path input;
    private final byte[] inputBytes;
    private final byte[] answerBytes;

    Test(String name, Path input, byte[] inputBytes, byte[] answerBytes) {
      this.name = name;
      this.input = input;
      this.inputBytes = inputBytes;
      this.answerBytes = answerBytes;
    }

    String name() {
      return name;
    }

    Path input() {
      return input;
    }

    byte[] inputBytes() {
      return inputBytes;
    }

    byte[] answerBytes() {
      return answerBytes;
    }
  }

  private ProblemPackage(
      String id, LimitOverrides limits, CheckerSpec checker, List<Test> tests, boolean stop) {
    this.id = id;
    this.limits = limits;
    this.checker = checker;
    this.tests = List.copyOf(tests);
    this.stopOnFailure = stop;
  }

  String id() {
    return id;
  }

  LimitOverrides limits() {
    return limits;
  }

  CheckerSpec checker() {
    return checker;
  }

  List<Test> tests() {
    return tests;
  }

  boolean stopOnFailure() {
    return stopOnFailure;
  }

  /**
   * @param dir the problem folder; its name is the problem id
   * @throws IllegalArgumentException when it is not a readable problem package
   */
  static ProblemPackage read(Path dir) {
    Path yamlFile = dir.resolve("problem.yaml");
    if (!Files.isRegularFile(yamlFile)) {
      throw new IllegalArgumentException(
          "no problem package at " + dir + " (missing problem.yaml); see --problems");
    }
    JsonNode yaml;
    try {
      yaml = YAML.readTree(yamlFile.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(yamlFile + " is not valid YAML: " + e.getMessage(), e);
    }
    if (yaml == null) {
      yaml = YAML.createObjectNode();
    }
    JsonNode l = yaml.path("limits");
    Long timeMs = l.has("time_limit") ? Math.round(l.get("time_limit").asDouble() * 1000) : null;
    Integer memoryMb = l.has("memory") ? l.get("memory").asInt() : null;
    Long outputKb = l.has("output") ? l.get("output").asLong() * 1024 : null;
    LimitOverrides limits =
        new LimitOverrides(timeMs, null, memoryMb, null, outputKb, null, null, null, null);
    List<String> flags =
        Arrays.stream(yaml.path("validator_flags").asText("").trim().split("\\s+"))
            .filter(f -> !f.isEmpty())
            .toList();
    String validation = yaml.path("validation").asText("default");
    CheckerSpec checker =
        new CheckerSpec(
            validation.equals("exact") ? CheckerSpec.EXACT : CheckerSpec.DEFAULT, flags);
    String type = yaml.path("type").asText("pass-fail");
    boolean stop =
        yaml.path("on_reject")
            .asText(type.equals("scoring") ? "continue" : "break")
            .equals("break");
    List<Test> tests = new ArrayList<>();
    tests.addAll(tests(dir, "sample"));
    tests.addAll(tests(dir, "secret"));
    if (tests.isEmpty()) {
      throw new IllegalArgumentException("problem " + dir + " has no tests under data/");
    }
    return new ProblemPackage(dir.getFileName().toString(), limits, checker, tests, stop);
  }

  private static List<Test> tests(Path dir, String group) {
    Path groupDir = dir.resolve("data").resolve(group);
    if (!Files.isDirectory(groupDir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(groupDir)) {
      List<Test> tests = new ArrayList<>();
      for (Path input :
          walk.filter(p -> p.getFileName().toString().endsWith(".in")).sorted().toList()) {
        String base = input.getFileName().toString().replaceAll("\\.in$", "");
        Path answer = input.resolveSibling(base + ".ans");
        tests.add(
            new Test(
                dir.resolve("data").relativize(input.resolveSibling(base)).toString(),
                input.toAbsolutePath(),
                Files.readAllBytes(input),
                Files.readAllBytes(answer)));
      }
      return tests;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tests of " + dir, e);
    }
  }
}
