package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file of a submission.
 *
 * @param name a plain file name, no directories
 * @param sha256 its GridFS id
 * @param size bytes
 * @param content the UTF-8 content inline, for small files, or null when it must be fetched
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceFile(String name, String sha256, long size, String content) {

  /** The same file without its inline content (what is stored with the submission). */
  public SourceFile withoutContent() {
    return new SourceFile(name, sha256, size, null);
  }
}
