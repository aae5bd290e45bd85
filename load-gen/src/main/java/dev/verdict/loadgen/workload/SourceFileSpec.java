package dev.verdict.loadgen.workload;

/**
 * One file of a submission, with its content.
 *
 * @param name the file name the API receives, e.g. {@code main.py}
 * @param content the file's text
 */
public record SourceFileSpec(String name, String content) {
  public SourceFileSpec {
    if (name == null || name.isBlank()) {
      throw new WorkloadException("a file needs a name");
    }
    if (content == null) {
      throw new WorkloadException("file " + name + " has no content");
    }
  }
}
