package dev.verdict.worker.grading;

import dev.verdict.common.blob.Sha256;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.SourceFile;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.language.SourceLayout;
import dev.verdict.worker.language.SourceLayoutException;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Problems' output validators, compiled once per worker and validator version and kept on disk:
 * {@code <root>/<digest of language and sources>}. A compiled validator is handed to root and made
 * read-only, so no sandboxed run can change it for the next one.
 */
public final class Validators {
  private final Path root;
  private final Languages languages;
  private final FileCache cache;
  private final LimitsConfig limits;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Validator> ready = new ConcurrentHashMap<>();

  /** A validator ready to run: its files, and the command that runs it. */
  record Validator(Path dir, List<String> command, List<String> readOnlyPaths) {}

  public Validators(Path root, Languages languages, FileCache cache, LimitsConfig limits) {
    this.root = root;
    this.languages = languages;
    this.cache = cache;
    this.limits = limits;
    try {
      Files.createDirectories(root);
      // why: the root itself stays, since it may be the mount point of the worker's work area.
      try (Stream<Path> entries = Files.list(root)) {
        for (Path entry : entries.toList()) {
          Grader.deleteTree(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + root, e);
    }
  }

  /**
   * The validator of a problem, compiled in {@code sandbox} if this worker has not done so yet.
   *
   * @throws ValidatorException when it cannot be laid out or does not compile
   */
  Validator get(CheckerSpec spec, Sandbox sandbox, int uid) throws ValidatorException {
    String key = key(spec);
    Validator validator = ready.get(key);
    if (validator != null) {
      return validator;
    }
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      validator = ready.get(key);
      if (validator == null) {
        validator = build(spec, key, sandbox, uid);
        ready.put(key, validator);
      }
      return validator;
    }
  }

  private Validator build(CheckerSpec spec, String key, Sandbox sandbox, int uid)
      throws ValidatorException {
    Language language =
        languages
            .get(spec.language())
            .orElseThrow(
                () ->
                    new ValidatorException(
                        "the validator's language " + spec.language() + " is not offered here"));
    Map<String, byte[]> files = new TreeMap<>();
    for (SourceFile file : spec.files()) {
      files.put(file.name(), cache.read(file.sha256()));
    }
    SourceLayout layout;
    try {
      layout = language.layout(files);
    } catch (SourceLayoutException e) {
      throw new ValidatorException("validator: " + e.getMessage());
    }
    Path dir = root.resolve(key);
    try {
      Grader.deleteTree(dir);
      Files.createDirectories(dir);
      for (var file : layout.files().entrySet()) {
        Files.write(dir.resolve(file.getKey()), file.getValue());
        Ownership.give(dir.resolve(file.getKey()), uid);
      }
      Ownership.give(dir, uid);
      if (language.compiled()) {
        ResourceLimits compileLimits = limits.resolveCompile(language.config().compileLimits());
        RunResult result =
            sandbox.run(
                new RunRequest(
                    language.compileCommand(layout, compileLimits),
                    dir,
                    true,
                    null,
                    compileLimits,
                    language.readOnlyPaths(),
                    Map.of()));
        if (!result.succeeded()) {
          throw new ValidatorException(
              "the output validator does not compile: "
                  + new String(result.stderr(), StandardCharsets.UTF_8).strip());
        }
      }
      // why: from now on only root may change the validator; runs see it read-only.
      Ownership.takeBack(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the validator in " + dir, e);
    }
    List<String> command = language.runCommand(layout, limits.resolveChecker());
    return new Validator(dir, command, language.readOnlyPaths());
  }

  /** Hard-links (or, across file systems, copies) the validator's files into {@code target}. */
  static void linkInto(Path validatorDir, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(validatorDir)) {
      for (Path source : walk.toList()) {
        Path destination = target.resolve(validatorDir.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          try {
            Files.createLink(destination, source);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
  }

  private static String key(CheckerSpec spec) {
    StringBuilder identity = new StringBuilder(String.valueOf(spec.language()));
    spec.files().stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(f -> identity.append('\n').append(f.name()).append(' ').append(f.sha256()));
    return Sha256.hex(identity.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 24);
  }
}
