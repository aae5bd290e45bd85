package dev.verdict.worker.compiler;

import java.util.regex.Pattern;

/** Checks the class file paths the compiler process sends back before they are written. */
final class ClassPaths {
  private static final Pattern SEGMENT = Pattern.compile("[\\p{L}\\p{N}_$.\\-]+");

  private ClassPaths() {}

  /**
   * @return {@code path}, when it is a relative path of a class file that stays inside the output
   *     directory
   * @throws IllegalStateException otherwise: the compiler process is not behaving
   */
  static String checked(String path) {
    if (!path.endsWith(".class") || path.startsWith("/")) {
      throw new IllegalStateException("the compiler sent a class file named " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        throw new IllegalStateException("the compiler sent a class file named " + path);
      }
    }
    return path;
  }
}
