package dev.verdict.loadgen.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One example submission of a problem package: {@code submissions/<folder>/<file>}, or a directory
 * {@code submissions/<folder>/<name>/} whose files together are one submission (the format's
 * multi-file submissions), with the entry point {@code submissions/submissions.yaml} names.
 *
 * @param name its path below {@code submissions/}, e.g. {@code accepted/sol.py}
 * @param files its files, in name order
 * @param entryPoint the {@code entrypoint} of submissions.yaml, or null
 * @param expectation what the package expects of it, or null when its folder says nothing
 */
record ExampleSubmission(
    String name, List<Path> files, String entryPoint, Expectation expectation) {

  /** Every example submission of the package in {@code problem}, in path order. */
  static List<ExampleSubmission> of(Path problem) throws IOException {
    Path submissions = problem.resolve("submissions");
    if (!Files.isDirectory(submissions)) {
      return List.of();
    }
    Map<String, String> entryPoints = entryPoints(submissions.resolve("submissions.yaml"));
    List<ExampleSubmission> found = new ArrayList<>();
    try (Stream<Path> folders = Files.list(submissions)) {
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> entries = Files.list(folder)) {
          for (Path entry : entries.sorted().toList()) {
            List<Path> files = files(entry);
            if (files.isEmpty()) {
              continue;
            }
            String name = folder.getFileName() + "/" + entry.getFileName();
            StringBuilder text = new StringBuilder();
            for (Path file : files) {
              text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
            found.add(
                new ExampleSubmission(
                    name,
                    files,
                    entryPoints.get(name),
                    Expectation.of(folder.getFileName().toString(), text.toString())));
          }
        }
      }
    }
    return found;
  }

  /** A submission's files: the file itself, or a directory's regular files in name order. */
  private static List<Path> files(Path entry) throws IOException {
    if (Files.isRegularFile(entry)) {
      return List.of(entry);
    }
    if (!Files.isDirectory(entry)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(entry)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** {@code entrypoint} by submission path from submissions.yaml (2023-07), if there is one. */
  private static Map<String, String> entryPoints(Path yaml) throws IOException {
    Map<String, String> entryPoints = new LinkedHashMap<>();
    if (!Files.isRegularFile(yaml)) {
      return entryPoints;
    }
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
    if (root == null || !root.isObject()) {
      return entryPoints;
    }
    root.properties()
        .forEach(
            entry -> {
              JsonNode entryPoint = entry.getValue().get("entrypoint");
              if (entryPoint != null && entryPoint.isTextual()) {
                entryPoints.put(entry.getKey(), entryPoint.asText());
              }
            });
    return entryPoints;
  }
}
