package dev.verdict.api.rejudge;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.rejudge.Rejudge;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON answer about a rejudge: what it takes, and how far it got. {@code status} is QUEUED (no
 * dispatcher took it yet), RUNNING (queueing new gradings, or waiting for their results) or DONE
 * (every selected submission was skipped or graded again).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RejudgeView(
    String id,
    String status,
    String requestedBy,
    String createdAt,
    List<String> submissions,
    String problem,
    String verdict,
    String version,
    Map<String, String> problemVersions,
    long selected,
    long requeued,
    long skipped,
    long finished,
    long changed) {

  static RejudgeView of(Rejudge rejudge) {
    String status =
        rejudge.done() ? "DONE" : rejudge.state() == Rejudge.State.QUEUED ? "QUEUED" : "RUNNING";
    return new RejudgeView(
        rejudge.id(),
        status,
        rejudge.requestedBy(),
        Instant.ofEpochMilli(rejudge.createdAt()).toString(),
        rejudge.ids(),
        rejudge.selection() == null ? null : rejudge.selection().problemId(),
        rejudge.selection() == null ? null : rejudge.selection().verdict(),
        rejudge.versions().isEmpty() ? "same" : "newest",
        rejudge.versions().isEmpty() ? null : rejudge.versions(),
        rejudge.selected(),
        rejudge.requeued(),
        rejudge.skipped(),
        rejudge.finished(),
        rejudge.changed());
  }
}
