package dev.verdict.loadgen.packages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.loadgen.cli.ApiOptions;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code load-gen check-packages}: loads problem packages into a running Verdict and grades every
 * example submission they carry, checking each verdict (and score) against what its folder under
 * {@code submissions/} expects. It is how a package from Kattis, problemtools or DOMjudge is shown
 * to be judged here as it is there.
 */
@Command(
    name = "check-packages",
    mixinStandardHelpOptions = true,
    description = {
      "Uploads each problem package (a folder in the Kattis problem package format) to a running"
          + " Verdict, submits every example submission under its submissions/ folder in a"
          + " language Verdict offers, and checks each verdict against the folder it is in"
          + " (accepted: ACCEPTED with the full score; partially_accepted: ACCEPTED with a score"
          + " between nothing and the maximum; wrong_answer, time_limit_exceeded, run_time_error"
          + " (memory and output limits count too), rejected: anything but ACCEPTED). A"
          + " DOMjudge-style @EXPECTED_RESULTS@: line in a source replaces its folder's"
          + " verdicts. Other folders (slow_accepted, brute_force, ...) are graded and shown"
          + " without a check. Prints one line per submission and a summary."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  load-gen check-packages --url http://127.0.0.1:8080 --token \"$ADMIN\" \\",
      "      examples/problems/guessnumber examples/problems/scoringgroups"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every checked submission got what its package expects",
      "1:a package was refused, or a submission was refused or got another verdict or score",
      "2:bad usage"
    })
public final class CheckPackagesCommand implements Callable<Integer> {
  private static final Pattern PYTHON_SHEBANG = Pattern.compile("^#!.*python([23])\\b");

  @Spec CommandSpec spec;

  @Mixin ApiOptions api = new ApiOptions();

  @Option(
      names = "--id-prefix",
      paramLabel = "PREFIX",
      defaultValue = "",
      description =
          "Prefix of each problem's id; the id is PREFIX and the folder's name in lower case"
              + " (default: none). A problem with that id gets the package as a new version.")
  String idPrefix;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT10M",
      description =
          "Longest wait for all submissions of a package to be graded, ISO-8601"
              + " (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Parameters(paramLabel = "PACKAGE", arity = "1..*", description = "Problem package folders.")
  List<Path> packages;

  /** One graded (or refused) example submission. */
  private record Row(
      String problem, ExampleSubmission example, String language, String id, String outcome) {}

  @Override
  public Integer call() throws Exception {
    if (api.token() == null) {
      throw new IllegalArgumentException("--token (or $VERDICT_TOKEN) is required");
    }
    for (Path dir : packages) {
      if (!Files.isRegularFile(dir.resolve("problem.yaml"))) {
        throw new IllegalArgumentException(
            dir + " is not a problem package: it has no problem.yaml");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    ApiSession session = new ApiSession(api.url(), api.token());
    Map<String, String> languages = languages(session);
    int checked = 0;
    int failed = 0;
    int unchecked = 0;
    int skipped = 0;
    out.printf(
        "%-16s %-44s %-11s %-20s %-26s %s%n",
        "PROBLEM", "SUBMISSION", "LANGUAGE", "EXPECTED", "GOT", "CHECK");
    for (Path dir : packages) {
      String problem = idPrefix + dir.toAbsolutePath().normalize().getFileName();
      problem = problem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
      String refused = upload(session, problem, dir);
      if (refused != null) {
        out.printf("%-16s refused: %s%n", problem, refused);
        failed++;
        continue;
      }
      List<Row> rows = new ArrayList<>();
      Set<String> taken = taken(session, problem);
      for (ExampleSubmission example : ExampleSubmission.of(dir)) {
        String language = language(example, languages);
        if (language == null || (taken != null && !taken.contains(language))) {
          out.printf(
              "%-16s %-44s %-11s %-20s %-26s %s%n",
              problem,
              example.name(),
              language == null ? "-" : language,
              label(example),
              "-",
              language == null
                  ? "skipped: no such language"
                  : "skipped: not a language the problem takes");
          skipped++;
          continue;
        }
        rows.add(submit(session, problem, example, language));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Row row : rows) {
        JsonNode result = row.id() == null ? null : awaitDone(session, row.id(), deadline);
        String got = row.outcome() != null ? row.outcome() : got(result);
        String check;
        if (row.id() == null || result == null) {
          check = "FAILED";
          failed++;
        } else if (row.example().expectation() == null) {
          check = "-";
          unchecked++;
        } else if (row.example()
            .expectation()
            .metBy(
                result.path("verdict").asText(),
                number(result.get("score")),
                result.has("groups") ? number(result.get("maxScore")) : null)) {
          check = "ok";
          checked++;
        } else {
          check = "FAILED";
          failed++;
        }
        out.printf(
            "%-16s %-44s %-11s %-20s %-26s %s%n",
            problem, row.example().name(), row.language(), label(row.example()), got, check);
      }
    }
    out.printf(
        "%d as expected, %d not, %d without an expectation, %d in no language offered%n",
        checked, failed, unchecked, skipped);
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  private static String label(ExampleSubmission example) {
    return example.expectation() == null ? "-" : example.expectation().label();
  }

  private static Double number(JsonNode node) {
    return node == null || !node.isNumber() ? null : node.asDouble();
  }

  private static String got(JsonNode result) {
    if (result == null) {
      return "not graded in time";
    }
    String verdict = result.path("verdict").asText();
    if (result.has("groups") && result.has("score")) {
      return verdict + " " + format(result.get("score")) + "/" + format(result.get("maxScore"));
    }
    return verdict;
  }

  private static String format(JsonNode number) {
    double value = number == null ? 0 : number.asDouble();
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.6g", value);
  }

  /**
   * The languages a problem takes when its package names them (2023-07 {@code languages}), or null
   * when it takes every language offered.
   */
  private static Set<String> taken(ApiSession api, String problem)
      throws IOException, InterruptedException {
    ApiSession.Answer answer = api.get("/api/v1/problems/" + problem);
    if (answer.status() != 200) {
      throw new IllegalStateException(
          "GET /api/v1/problems/"
              + problem
              + " answered "
              + answer.status()
              + ": "
              + answer.error());
    }
    JsonNode listed = answer.body().get("languages");
    if (listed == null || !listed.isArray()) {
      return null;
    }
    Set<String> taken = new TreeSet<>();
    listed.forEach(language -> taken.add(language.asText()));
    return taken;
  }

  /** Each offered source extension and its language, e.g. {@code .py → python3}. */
  private static Map<String, String> languages(ApiSession api)
      throws IOException, InterruptedException {
    ApiSession.Answer answer = api.get("/api/v1/languages");
    if (answer.status() != 200) {
      throw new IllegalArgumentException(
          "GET /api/v1/languages answered " + answer.status() + ": " + answer.error());
    }
    JsonNode list = answer.body().isArray() ? answer.body() : answer.body().path("languages");
    Map<String, String> byExtension = new LinkedHashMap<>();
    for (JsonNode language : list) {
      for (JsonNode extension : language.path("sourceExtensions")) {
        byExtension.putIfAbsent(extension.asText(), language.path("name").asText());
      }
    }
    return byExtension;
  }

  /**
   * The language of the first file with an offered extension (the longest that fits), or null. A
   * Python file whose {@code #!} line names a Python version is that version, as problemtools reads
   * it ({@code #!/usr/bin/python2}: Python 2, offered or not).
   */
  private static String language(ExampleSubmission example, Map<String, String> languages)
      throws IOException {
    for (Path file : example.files()) {
      String name = file.getFileName().toString();
      String best = null;
      for (String extension : languages.keySet()) {
        if (name.endsWith(extension) && (best == null || extension.length() > best.length())) {
          best = extension;
        }
      }
      if (best != null) {
        String language = languages.get(best);
        Matcher shebang = PYTHON_SHEBANG.matcher(firstLine(file));
        if (language.startsWith("python") && shebang.find()) {
          String named = "python" + shebang.group(1);
          return languages.containsValue(named) ? named : null;
        }
        return language;
      }
    }
    return null;
  }

  private static String firstLine(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line = reader.readLine();
      return line == null ? "" : line;
    }
  }

  /** Creates the problem, or gives it a new version; null, or why it was refused. */
  private static String upload(ApiSession api, String problem, Path dir)
      throws IOException, InterruptedException {
    byte[] zip = zip(dir);
    ApiSession.Answer created = api.sendZip("POST", "/api/v1/problems?id=" + problem, zip);
    if (created.status() == 409) {
      created = api.sendZip("PUT", "/api/v1/problems/" + problem, zip);
    }
    return created.status() / 100 == 2 ? null : created.status() + " " + created.error();
  }

  /**
   * The package as a zip of its files, symbolic links followed (packages link tests between
   * groups), without {@code submissions/} and hidden folders, which a judge never reads.
   */
  static byte[] zip(Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        Path relative = dir.relativize(file);
        String first = relative.getName(0).toString();
        if (first.equals("submissions") || first.startsWith(".")) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(relative.toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Row submit(
      ApiSession api, String problem, ExampleSubmission example, String language)
      throws IOException, InterruptedException {
    List<Map<String, String>> files = new ArrayList<>();
    for (Path file : example.files()) {
      files.add(
          Map.of(
              "name",
              file.getFileName().toString(),
              "content",
              new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("problem", problem);
    body.put("language", language);
    body.put("files", files);
    if (example.entryPoint() != null) {
      body.put("entryPoint", example.entryPoint());
    }
    ApiSession.Answer answer = api.postJson("/api/v1/submissions", body);
    if (answer.status() != 202) {
      return new Row(
          problem, example, language, null, "refused: " + answer.status() + " " + answer.error());
    }
    return new Row(problem, example, language, answer.body().path("id").asText(), null);
  }

  /** The submission once DONE, or null when it is not by {@code deadline} (System.nanoTime). */
  private static JsonNode awaitDone(ApiSession api, String id, long deadline)
      throws IOException, InterruptedException {
    while (System.nanoTime() < deadline) {
      long waitMs = Math.clamp((deadline - System.nanoTime()) / 1_000_000, 0, 20_000);
      ApiSession.Answer answer =
          api.get("/api/v1/submissions/" + id + "?until=done&waitMs=" + waitMs);
      if (answer.status() != 200) {
        return null;
      }
      if (answer.body().path("status").asText().equals("DONE")) {
        return answer.body();
      }
    }
    return null;
  }
}
