package dev.verdict.api.jobe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer to {@code POST runs}, as Jobe's result object.
 *
 * @param runId the Verdict submission that ran it, or null when nothing was queued
 * @param outcome one of {@link JobeOutcome}'s codes
 * @param cmpinfo the compiler's output when it failed, else empty
 * @param stdout what the program wrote to standard output
 * @param stderr what it wrote to standard error (empty for a time limit, as Jobe's)
 */
@JsonPropertyOrder({"run_id", "outcome", "cmpinfo", "stdout", "stderr"})
record JobeResult(
    @JsonProperty("run_id") String runId,
    int outcome,
    String cmpinfo,
    String stdout,
    String stderr) {

  JobeResult {
    cmpinfo = cmpinfo == null ? "" : cmpinfo;
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }

  /** A run that was not (or not in time) given a slot. */
  static JobeResult overload(String runId) {
    return new JobeResult(runId, JobeOutcome.SERVER_OVERLOAD.code, "", "", "");
  }

  /** A run whose result did not come: Jobe's internal error, with why in stderr. */
  static JobeResult internalError(String runId, String why) {
    return new JobeResult(runId, JobeOutcome.INTERNAL_ERROR.code, "", "", why);
  }
}
