package dev.verdict.worker.language;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Copies the classes of one package of the worker (a program the worker starts in a JVM of its own,
 * which needs nothing but the JDK) out of the worker's class path into a folder, so that the JVM
 * that runs it is shown those classes and nothing else of the worker.
 */
public final class PackageClasses {
  private PackageClasses() {}

  /**
   * Copies the classes of {@code anchor}'s package (not its subpackages) into {@code target}, in
   * the folders of their package name.
   */
  public static void copyTo(Class<?> anchor, Path target) throws IOException {
    String packagePath = anchor.getPackageName().replace('.', '/');
    Path source;
    try {
      source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the classes of " + anchor.getName(), e);
    }
    Path packageDir = Files.createDirectories(target.resolve(packagePath));
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.list(source.resolve(packagePath))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          Files.copy(
              file,
              packageDir.resolve(file.getFileName().toString()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return;
    }
    try (JarFile jar = new JarFile(source.toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        if (name.startsWith(packagePath + "/")
            && name.endsWith(".class")
            && name.indexOf('/', packagePath.length() + 1) < 0) {
          try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(
                in,
                packageDir.resolve(name.substring(packagePath.length() + 1)),
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}
