package dev.verdict.loadgen.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One CSV row per submission. Times in milliseconds; -1 where a stage was not reached.
 *
 * @param measured false for submissions sent during the warm-up (left out of every figure)
 */
@JsonPropertyOrder({
  "step",
  "load",
  "entry",
  "submittedAtMs",
  "measured",
  "outcome",
  "errorKind",
  "acceptMs",
  "firstResultMs",
  "endToEndMs",
  "serverMs",
  "doneAtMs",
  "polls",
  "verdict",
  "score",
  "maxScore"
})
public record SampleRow(
    int step,
    double load,
    String entry,
    double submittedAtMs,
    boolean measured,
    String outcome,
    String errorKind,
    double acceptMs,
    double firstResultMs,
    double endToEndMs,
    double serverMs,
    double doneAtMs,
    int polls,
    String verdict,
    Integer score,
    Integer maxScore) {

  public static List<SampleRow> of(RunOutcome outcome) {
    return outcome.samples().stream()
        .map(
            s ->
                new SampleRow(
                    s.step(),
                    outcome.load().offered(),
                    s.entry(),
                    s.submittedAtNanos() / 1e6,
                    s.submittedAtNanos() >= outcome.windowStartNanos(),
                    s.outcome().name(),
                    s.errorKind(),
                    ms(s.acceptMicros()),
                    ms(s.firstResultMicros()),
                    ms(s.endToEndMicros()),
                    ms(s.serverMicros()),
                    s.doneAtNanos() < 0 ? -1 : s.doneAtNanos() / 1e6,
                    s.polls(),
                    s.verdict(),
                    s.score(),
                    s.maxScore()))
        .toList();
  }

  private static double ms(long micros) {
    return micros < 0 ? -1 : micros / 1000.0;
  }
}
