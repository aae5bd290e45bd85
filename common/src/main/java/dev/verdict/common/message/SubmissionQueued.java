package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The API stored a submission and asks the dispatcher to grade it.
 *
 * @param problemVersion the problem version current when the submission arrived; grading uses
 *     exactly that version
 * @param queuedAt epoch milliseconds of the 202
 * @param entryPoint the file, module or class to run as the submitter named it, or null
 */
public record SubmissionQueued(
    int v,
    String submissionId,
    String problemId,
    String problemVersion,
    String language,
    List<SourceFile> files,
    long queuedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String entryPoint)
    implements Message {
  public static final String TYPE = "submission.queued";
  public static final int VERSION = 1;

  public SubmissionQueued {
    files = List.copyOf(files);
  }
}
