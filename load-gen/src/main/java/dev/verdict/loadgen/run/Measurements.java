package dev.verdict.loadgen.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects the samples of one run from many threads, and keeps the running counts the progress line
 * shows. Thread-safe.
 */
final class Measurements {
  private final ConcurrentLinkedQueue<SubmissionSample> samples = new ConcurrentLinkedQueue<>();
  private final LongAdder started = new LongAdder();
  private final LongAdder graded = new LongAdder();
  private final LongAdder problems = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Recorder endToEnd = new Recorder(3);

  void started() {
    started.increment();
    inFlight.incrementAndGet();
  }

  void finished(SubmissionSample sample) {
    inFlight.decrementAndGet();
    add(sample);
  }

  /** A sample that never counted as in flight (a dropped arrival). */
  void add(SubmissionSample sample) {
    samples.add(sample);
    if (sample.graded()) {
      graded.increment();
      endToEnd.recordValue(Math.max(0, sample.endToEndMicros()));
    }
    if (sample.errorKind() != null) {
      problems.increment();
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  Snapshot snapshot() {
    return new Snapshot(
        started.sum(),
        graded.sum(),
        problems.sum(),
        inFlight.get(),
        endToEnd.getIntervalHistogram());
  }

  List<SubmissionSample> samples() {
    return new ArrayList<>(samples);
  }

  /** Running counts, and the end-to-end latencies recorded since the previous snapshot. */
  record Snapshot(long started, long graded, long problems, int inFlight, Histogram interval) {}
}
