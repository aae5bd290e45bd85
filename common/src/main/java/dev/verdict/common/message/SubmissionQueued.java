package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The API stored a submission and asks the dispatcher to grade it.
 *
 * @param problemVersion the problem version current when the submission arrived; grading uses
 *     exactly that version
 * @param queuedAt epoch milliseconds of the 202 (of the rejudge, for a later grading)
 * @param entryPoint the file, module or class to run as the submitter named it, or null
 * @param grading which grading of the submission this is: 1 when accepted, one more per rejudge
 *     (absent from messages written before rejudges: 1)
 * @param bulk true for bulk work (a batch's item), null otherwise
 */
public record SubmissionQueued(
    int v,
    String submissionId,
    String problemId,
    String problemVersion,
    String language,
    List<SourceFile> files,
    long queuedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String entryPoint,
    int grading,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean bulk)
    implements Message {
  public static final String TYPE = "submission.queued";
  public static final int VERSION = 1;

  public SubmissionQueued {
    files = List.copyOf(files);
    grading = Math.max(1, grading);
  }

  /**
   * The same message as bulk work (a batch's item), which waits behind interactive submissions when
   * {@code dispatcher.bulkQueue} is on; older dispatchers ignore the field.
   */
  public SubmissionQueued asBulk() {
    return new SubmissionQueued(
        v,
        submissionId,
        problemId,
        problemVersion,
        language,
        files,
        queuedAt,
        entryPoint,
        grading,
        Boolean.TRUE);
  }

  /** The first grading of a submission. */
  public SubmissionQueued(
      int v,
      String submissionId,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      long queuedAt,
      String entryPoint) {
    this(
        v, submissionId, problemId, problemVersion, language, files, queuedAt, entryPoint, 1, null);
  }

  /** The first grading of a submission without an entry point. */
  public SubmissionQueued(
      int v,
      String submissionId,
      String problemId,
      String problemVersion,
      String language,
      List<SourceFile> files,
      long queuedAt) {
    this(v, submissionId, problemId, problemVersion, language, files, queuedAt, null, 1, null);
  }
}
