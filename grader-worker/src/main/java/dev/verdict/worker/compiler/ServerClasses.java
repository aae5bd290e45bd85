package dev.verdict.worker.compiler;

import dev.verdict.worker.compiler.server.CompileServer;
import dev.verdict.worker.language.PackageClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Copies the compiler process's classes (the package of {@link CompileServer}, which needs nothing
 * but the JDK) out of the worker's own class path, so that its sandbox shows it those and nothing
 * else of the worker.
 */
final class ServerClasses {
  private ServerClasses() {}

  static void copyTo(Path target) throws IOException {
    PackageClasses.copyTo(CompileServer.class, target);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
