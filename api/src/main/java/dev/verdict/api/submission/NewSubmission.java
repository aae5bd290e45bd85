package dev.verdict.api.submission;

import java.util.List;

/**
 * A validated submission request: every field checked, nothing stored yet.
 *
 * @param entryPoint the file, module or class to run, as the submitter named it, or null
 */
record NewSubmission(String problemId, String language, List<NewFile> files, String entryPoint) {

  /** A submitted file, content as UTF-8 bytes. */
  // why: built once from the request and only read afterwards; a defensive copy of up to a
  // megabyte per file would buy nothing.
  @SuppressWarnings("ArrayRecordComponent")
  record NewFile(String name, byte[] content) {}
}
