package dev.verdict.api.jobe;

import java.util.List;

/**
 * A Jobe run specification ({@code run_spec}), checked.
 *
 * @param languageId Jobe's id of the language, lower case
 * @param sourceCode the program
 * @param sourceFileName the name to give it, or null for the language's default
 * @param input the program's standard input
 * @param files support files from the file cache, placed beside the program
 * @param parameters limits and extra arguments
 * @param debug Jobe keeps a debug run's work directory; accepted and ignored here
 */
record RunSpec(
    String languageId,
    String sourceCode,
    String sourceFileName,
    String input,
    List<FileRef> files,
    RunParameters parameters,
    boolean debug) {

  RunSpec {
    files = List.copyOf(files);
  }

  /**
   * One entry of {@code file_list}: the id a file was PUT with, and the name it gets in the run's
   * directory.
   */
  record FileRef(String id, String name) {}
}
