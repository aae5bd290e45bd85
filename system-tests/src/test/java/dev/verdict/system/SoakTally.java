package dev.verdict.system;

import static dev.verdict.common.submission.SubmissionState.DONE;

import dev.verdict.common.submission.Submission;
import dev.verdict.loadgen.run.SubmissionSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's figures, in all and per fault: each submission is counted under the last kill before
 * it was sent ("none" before the first), so the figures of "api" are those of the submissions sent
 * between an API kill and the next kill.
 */
final class SoakTally {
  /** A component killed at {@code atNanos} since the load began ({@code atMillis}, wall clock). */
  record Kill(String component, long atNanos, long atMillis) {}

  /** The counts of one fault kind (or of the whole run). */
  static final class Counts {
    int sent;
    int accepted;
    int refused;
    int unanswered;
    int timedOut;
    int wrongSeen;
    int stored;
    int notDone;
    int doneTwice;
    int wrongStored;

    int lost() {
      return timedOut + notDone;
    }

    @Override
    public String toString() {
      return String.format(
          "%d sent, %d accepted, %d refused (503), %d unanswered, %d stored; %d lost (%d not DONE"
              + " in time for load-gen, %d stored not DONE), %d DONE more than once, %d wrong"
              + " verdicts (%d seen by load-gen, %d stored)",
          sent,
          accepted,
          refused,
          unanswered,
          stored,
          lost(),
          timedOut,
          notDone,
          doneTwice,
          wrongSeen + wrongStored,
          wrongSeen,
          wrongStored);
    }
  }

  private final List<Kill> kills;
  private final Counts all = new Counts();
  private final Map<String, Counts> byFault = new LinkedHashMap<>();
  private final List<String> wrong = new ArrayList<>();

  SoakTally(List<Kill> kills) {
    this.kills = new ArrayList<>(kills);
    byFault.put("none", new Counts());
    kills.forEach(kill -> byFault.putIfAbsent(kill.component(), new Counts()));
  }

  /** Counts what load-gen saw of one submission. */
  void add(SubmissionSample sample) {
    if (sample.graded() && sample.errorKind() != null) {
      wrong.add("seen by load-gen: " + sample.entry() + ": " + sample.errorKind());
    }
    for (Counts counts : List.of(all, faultAt(sample.submittedAtNanos(), false))) {
      counts.sent++;
      switch (sample.outcome()) {
        case GRADED -> {
          counts.accepted++;
          if (sample.errorKind() != null) {
            counts.wrongSeen++;
          }
        }
        case TIMED_OUT -> {
          counts.accepted++;
          counts.timedOut++;
        }
        case REFUSED -> counts.refused++;
        default -> counts.unanswered++;
      }
    }
  }

  /** Counts one stored submission, whose program deserved {@code deserved}. */
  void add(Submission stored, String deserved) {
    if (stored.state() == DONE && !stored.result().verdict().name().equals(deserved)) {
      wrong.add(
          "stored: Submission(id="
              + stored.id()
              + ") in "
              + stored.language()
              + ", deserved "
              + deserved
              + ", got "
              + stored.result());
    }
    for (Counts counts : List.of(all, faultAt(stored.createdAt(), true))) {
      counts.stored++;
      if (stored.state() != DONE) {
        counts.notDone++;
        continue;
      }
      if (stored.history().stream().filter(change -> change.state() == DONE).count() != 1) {
        counts.doneTwice++;
      }
      if (!stored.result().verdict().name().equals(deserved)) {
        counts.wrongStored++;
      }
    }
  }

  Counts all() {
    return all;
  }

  /** Each wrong verdict, as load-gen saw it or as MongoDB has it, for the failure's message. */
  List<String> wrong() {
    return List.copyOf(wrong);
  }

  Map<String, Counts> byFault() {
    return byFault;
  }

  private Counts faultAt(long at, boolean wallClock) {
    String fault = "none";
    for (Kill kill : kills) {
      if ((wallClock ? kill.atMillis() : kill.atNanos()) <= at) {
        fault = kill.component();
      }
    }
    return byFault.get(fault);
  }
}
