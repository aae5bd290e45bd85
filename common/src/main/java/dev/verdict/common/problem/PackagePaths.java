package dev.verdict.common.problem;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The rules every path in a problem package follows, whichever source it comes from. */
final class PackagePaths {
  private PackagePaths() {}

  /**
   * Checks one path as the package names it: relative, '/'-separated, no empty, "." or ".."
   * segment, no backslash or control character. Returns it without a trailing '/'.
   */
  static String check(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.isEmpty()) {
      throw ProblemPackageException.inFile(shown(path), "an entry has an empty name");
    }
    if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
      throw ProblemPackageException.inFile(
          shown(path), "absolute paths are not allowed in a package");
    }
    if (p.indexOf('\\') >= 0) {
      throw ProblemPackageException.inFile(shown(path), "names must use '/', not '\\'");
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw ProblemPackageException.inFile(shown(path), "names must not hold control characters");
      }
    }
    for (String segment : p.split("/", -1)) {
      if (segment.equals("..")) {
        throw ProblemPackageException.inFile(
            shown(path), "'..' is not allowed: every file must stay inside the package");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        throw ProblemPackageException.inFile(
            shown(path), "empty and '.' path segments are not allowed");
      }
    }
    return p;
  }

  /**
   * The name of a zip entry, which must be UTF-8.
   *
   * @param index the entry's position in the zip, to name an entry whose name cannot be shown
   */
  static String utf8(byte[] raw, int index) {
    try {
      return Utf8.strict(raw);
    } catch (CharacterCodingException e) {
      String lenient = shown(new String(raw, StandardCharsets.UTF_8));
      throw ProblemPackageException.inFile(
          "entry " + index + " (" + lenient + ")", "the name is not valid UTF-8");
    }
  }

  /**
   * Files the package loader never sees: anything inside a folder whose name starts with a dot
   * ({@code .git}), and macOS archive metadata ({@code __MACOSX}). Files whose own names start with
   * a dot ({@code .timelimit}) are seen.
   */
  static boolean ignored(String file) {
    List<String> segments = List.of(file.split("/"));
    for (int i = 1; i < segments.size(); i++) {
      if (ignoredFolder(String.join("/", segments.subList(0, i)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a folder, and everything in it, is left out of the package (see {@link #ignored}). */
  static boolean ignoredFolder(String folder) {
    return folder.equals("__MACOSX")
        || folder.startsWith("__MACOSX/")
        || folder.substring(folder.lastIndexOf('/') + 1).startsWith(".");
  }

  /**
   * Whether a path lies in a part of the package Verdict never reads: anything but {@code
   * problem.yaml}, {@code .timelimit}, {@code data/}, the validators, {@code include/}, {@code
   * graders/} and the statement folders. Example submissions, solutions, attachments, generators,
   * visualizers and a top-level {@code problem.pdf} are unread. There a symbolic link that cannot
   * be resolved, or a name Verdict could not use, is left out rather than refused: it cannot change
   * what is judged.
   */
  static boolean unread(String path) {
    int slash = path.indexOf('/');
    return !READ_PARTS.contains(slash < 0 ? path : path.substring(0, slash));
  }

  private static final java.util.Set<String> READ_PARTS =
      java.util.Set.of(
          "problem.yaml",
          ".timelimit",
          "data",
          "output_validators",
          "output_validator",
          "input_validators",
          "input_validator",
          "input_format_validators",
          "include",
          "graders",
          "static_validator",
          "problem_statement",
          "statement");

  /**
   * Whether a name that {@link #check} refuses may be left out instead: it lies in a part Verdict
   * never reads ({@link #unread}) and could not name a place outside the package (no '..', not
   * absolute, no empty segment).
   */
  static boolean skippable(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.isEmpty() || p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
      return false;
    }
    for (String segment : p.split("[/\\\\]", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return unread(p.replace('\\', '/'));
  }

  /** A path as a message may quote it: at most 200 characters, control characters replaced. */
  static String shown(String path) {
    String printable = path.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 200 ? printable : printable.substring(0, 200) + "...";
  }
}
