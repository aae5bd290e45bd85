package dev.verdict.common.problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes problem packages in the Kattis layout: {@code aPackage(root, "hello").file(...)}. */
final class ProblemPackages {
  private final Path dir;

  private ProblemPackages(Path dir) {
    this.dir = dir;
  }

  static ProblemPackages aPackage(Path root, String id) {
    return new ProblemPackages(root.resolve(id));
  }

  /** A package with a problem.yaml and one sample test. */
  static ProblemPackages aMinimalPackage(Path root, String id) {
    return aPackage(root, id)
        .file("problem.yaml", "name: " + id + "\n")
        .test("sample/1", "1\n", "2\n");
  }

  ProblemPackages file(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code data/<name>.in} and {@code data/<name>.ans}. */
  ProblemPackages test(String name, String input, String answer) {
    return file("data/" + name + ".in", input).file("data/" + name + ".ans", answer);
  }

  ProblemPackages delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }
}
