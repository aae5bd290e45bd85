package dev.verdict.loadgen.run;

import dev.verdict.loadgen.cli.ProgressSink;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The live progress of a run: every period of its {@link ProgressSink} (a second on a terminal) it
 * formats the running counts, and the throughput and end-to-end latencies of that period, and hands
 * the line to the sink.
 */
final class Progress implements AutoCloseable {
  private final ProgressSink sink;
  private final Measurements measurements;
  private final long start;
  private final Load load;
  private final ScheduledExecutorService ticker;
  private ScheduledFuture<?> task;
  private long lastGraded;
  private long lastTick;

  Progress(ProgressSink sink, Measurements measurements, long start, Load load) {
    this.sink = sink;
    this.measurements = measurements;
    this.start = start;
    this.load = load;
    this.lastTick = start;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "load-gen-progress");
              thread.setDaemon(true);
              return thread;
            });
  }

  synchronized void start() {
    int period = sink.periodSeconds();
    if (period > 0) {
      task = ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
    }
  }

  private synchronized void tick() {
    long now = System.nanoTime();
    Measurements.Snapshot s = measurements.snapshot();
    double seconds = Math.max(1e-9, (now - lastTick) / 1e9);
    double rate = (s.graded() - lastGraded) / seconds;
    lastGraded = s.graded();
    lastTick = now;
    Histogram e2e = s.interval();
    String latency =
        e2e.getTotalCount() == 0
            ? "e2e -"
            : String.format(
                "e2e p50 %.0f ms p99 %.0f ms",
                e2e.getValueAtPercentile(50) / 1000.0, e2e.getValueAtPercentile(99) / 1000.0);
    sink.update(
        String.format(
            "[%5.0fs] %s | sent %d | graded %d | in flight %d | problems %d | %.1f/s | %s",
            (now - start) / 1e9,
            load.describe(),
            s.started(),
            s.graded(),
            s.inFlight(),
            s.problems(),
            rate,
            latency));
  }

  @Override
  public void close() {
    synchronized (this) {
      if (task != null) {
        task.cancel(false);
      }
    }
    ticker.shutdownNow();
    sink.end();
  }
}
