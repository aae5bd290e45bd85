package dev.verdict.loadgen.run;

import dev.verdict.loadgen.cli.ProgressSink;
import dev.verdict.loadgen.client.PollSettings;
import dev.verdict.loadgen.client.VerdictClient;
import dev.verdict.loadgen.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one run against the API: a closed loop of clients, or an open loop of Poisson arrivals,
 * for a duration or a count, then waits for every submission in flight. Each submission lives on
 * its own virtual thread, so thousands in flight cost little.
 */
public final class LoadRun {
  private final VerdictClient client;
  private final PreparedWorkload workload;
  private final PollSettings polling;
  private final long seed;
  private final ProgressSink progress;

  /**
   * @param seed seeds the workload mix and the arrival times, so a run can be repeated
   * @param progress receives the running counts about once a second
   */
  public LoadRun(
      VerdictClient client,
      Workload workload,
      PollSettings polling,
      long seed,
      ProgressSink progress) {
    this.client = client;
    this.workload = new PreparedWorkload(workload);
    this.polling = polling;
    this.seed = seed;
    this.progress = progress;
  }

  public RunOutcome execute(int step, Load load, RunLimits limits) throws InterruptedException {
    return execute(step, load, limits, ProcessWatch.none());
  }

  /**
   * Runs, and reads the CPU time of the {@code watched} processes at the end of the warm-up and at
   * the end of the window (the end of sending, or for a counted run the end of the run).
   */
  public RunOutcome execute(int step, Load load, RunLimits limits, ProcessWatch watched)
      throws InterruptedException {
    long cpuBefore = SelfCpu.processCpuNanos();
    long start = System.nanoTime();
    WindowSampler sampler = new WindowSampler(watched, start, limits);
    Measurements measurements = new Measurements();
    SubmissionDriver driver =
        new SubmissionDriver(client, polling, limits.timeout(), start, !limits.acceptOnly());
    long deadline = limits.counted() ? Long.MAX_VALUE : start + limits.duration().toNanos();
    try (Progress reporter = new Progress(progress, measurements, start, load)) {
      reporter.start();
      if (load.open()) {
        openLoop(step, load, limits, driver, measurements, start, deadline);
      } else {
        closedLoop(step, load, limits, driver, measurements, deadline);
      }
    }
    long end = System.nanoTime();
    ProcessUse processes = sampler.finish();
    List<SubmissionSample> samples = measurements.samples();
    long windowStart = limits.warmup().toNanos();
    long windowEnd =
        limits.counted()
            ? samples.stream().mapToLong(SubmissionSample::doneAtNanos).max().orElse(end - start)
            : limits.duration().toNanos();
    return new RunOutcome(
        step,
        load,
        limits,
        polling,
        samples,
        windowStart,
        Math.max(windowEnd, windowStart),
        SelfCpu.processCpuNanos() - cpuBefore,
        end - start,
        processes);
  }

  /** Samples the watched processes at the window's ends, on a virtual thread of its own. */
  private static final class WindowSampler {
    private final ProcessWatch watched;
    private final Thread thread;
    private volatile ProcessWatch.Snapshot first;
    private volatile ProcessWatch.Snapshot second;

    WindowSampler(ProcessWatch watched, long start, RunLimits limits) {
      this.watched = watched;
      this.thread =
          watched.watchesAny()
              ? Thread.ofVirtual()
                  .name("load-gen-process-watch")
                  .start(
                      () -> {
                        try {
                          waitUntil(start + limits.warmup().toNanos());
                          first = watched.sample();
                          if (!limits.counted()) {
                            waitUntil(start + limits.duration().toNanos());
                            second = watched.sample();
                          }
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      })
              : null;
    }

    ProcessUse finish() throws InterruptedException {
      if (thread == null) {
        return ProcessUse.none();
      }
      if (first == null) {
        // why: the run ended before its warm-up did; there is no window to measure.
        thread.interrupt();
      }
      thread.join();
      if (first == null) {
        return ProcessUse.none();
      }
      return watched.between(first, second != null ? second : watched.sample());
    }
  }

  private void closedLoop(
      int step,
      Load load,
      RunLimits limits,
      SubmissionDriver driver,
      Measurements measurements,
      long deadline)
      throws InterruptedException {
    AtomicLong issued = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < load.clients(); c++) {
      Random random = new Random(seed * 1_000_003L + c);
      clients.add(
          Thread.ofVirtual()
              .name("load-gen-client-" + c)
              .start(
                  () -> {
                    try {
                      while (mayStart(limits, issued, deadline)) {
                        measurements.started();
                        SubmissionDriver.Result result = driver.submit(step, workload.pick(random));
                        measurements.finished(result.sample());
                        backOffIfRefused(result, deadline);
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    try {
      for (Thread thread : clients) {
        thread.join();
      }
    } catch (InterruptedException e) {
      clients.forEach(Thread::interrupt);
      throw e;
    }
  }

  private static boolean mayStart(RunLimits limits, AtomicLong issued, long deadline) {
    if (limits.counted()) {
      return issued.getAndIncrement() < limits.count();
    }
    return System.nanoTime() < deadline;
  }

  /** A refused client waits as the server asked (or one poll interval) before sending again. */
  private void backOffIfRefused(SubmissionDriver.Result result, long deadline)
      throws InterruptedException {
    if (result.sample().accepted()) {
      return;
    }
    long wait =
        result.retryAfterNanos() > 0 ? result.retryAfterNanos() : polling.interval().toNanos();
    long remaining = deadline - System.nanoTime();
    if (remaining > 0) {
      Thread.sleep(Duration.ofNanos(Math.min(wait, remaining)));
    }
  }

  private void openLoop(
      int step,
      Load load,
      RunLimits limits,
      SubmissionDriver driver,
      Measurements measurements,
      long start,
      long deadline)
      throws InterruptedException {
    PoissonArrivals arrivals = new PoissonArrivals(load.rate(), new Random(seed));
    Random mix = new Random(seed * 1_000_003L);
    long next = start;
    try (ExecutorService submissions = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; !limits.counted() || i < limits.count(); i++) {
        next += arrivals.nextGapNanos();
        if (next >= deadline) {
          break;
        }
        waitUntil(next);
        PreparedWorkload.Prepared prepared = workload.pick(mix);
        if (measurements.inFlight() >= limits.maxInFlight()) {
          measurements.add(
              SubmissionSample.notAccepted(
                  step,
                  prepared.entry().label(),
                  next - start,
                  SubmissionSample.Outcome.DROPPED,
                  "dropped-max-in-flight",
                  -1));
          continue;
        }
        measurements.started();
        submissions.execute(
            () -> {
              try {
                measurements.finished(driver.run(step, prepared));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
    }
  }

  private static void waitUntil(long nanoTime) throws InterruptedException {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted between arrivals");
      }
    }
  }
}
