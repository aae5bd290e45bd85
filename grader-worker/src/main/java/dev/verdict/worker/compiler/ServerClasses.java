package dev.verdict.worker.compiler;

import dev.verdict.worker.compiler.server.CompileServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Copies the compiler process's classes (the package of {@link CompileServer}, which needs nothing
 * but the JDK) out of the worker's own class path, so that its sandbox shows it those and nothing
 * else of the worker.
 */
final class ServerClasses {
  private static final String PACKAGE = CompileServer.class.getPackageName().replace('.', '/');

  private ServerClasses() {}

  static void copyTo(Path target) throws IOException {
    Path source;
    try {
      source =
          Path.of(CompileServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the compiler's classes", e);
    }
    Path packageDir = Files.createDirectories(target.resolve(PACKAGE));
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.list(source.resolve(PACKAGE))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          Files.copy(file, packageDir.resolve(file.getFileName().toString()));
        }
      }
      return;
    }
    try (JarFile jar = new JarFile(source.toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        if (name.startsWith(PACKAGE + "/")
            && name.endsWith(".class")
            && name.indexOf('/', PACKAGE.length() + 1) < 0) {
          try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(
                in,
                packageDir.resolve(name.substring(PACKAGE.length() + 1)),
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
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
