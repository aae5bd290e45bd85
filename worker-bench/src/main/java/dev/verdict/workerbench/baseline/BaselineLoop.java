package dev.verdict.workerbench.baseline;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.TestResult;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import dev.verdict.worker.compiler.WarmCompilers;
import dev.verdict.worker.grading.Grader;
import dev.verdict.worker.grading.GradingListener;
import dev.verdict.worker.sandbox.Sandbox;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one grading loop per core, each on its own platform thread and slot (sandbox + cgroup pinned
 * to the core, and the worker's own {@link Grader} over them), until the duration is over or the
 * count is reached. Each submission is timed around {@link Grader#grade} alone.
 */
final class BaselineLoop {
  private final List<Integer> cores;
  private final SlotFactory slots;
  private final Workload mix;
  private final BaselineTasks tasks;
  private final Settings settings;
  private final PrintWriter out;

  /**
   * @param duration loop this long, or null when {@code count} is set
   * @param count grade this many in all, or 0
   * @param warmup submissions started before this are not {@code measured}
   */
  record Settings(Duration duration, long count, Duration warmup, long seed) {}

  /** One core's sandbox and the worker's grader over it. */
  /**
   * @param peer the sandbox interactive validators run in beside {@code sandbox}, as in a worker
   */
  record Slot(Sandbox sandbox, Sandbox peer, Grader grader, WarmCompilers compilers) {}

  /** Opens the slot of one core: its cgroups, sandbox and a self-test. */
  interface SlotFactory {
    Slot open(int core);
  }

  BaselineLoop(
      List<Integer> cores,
      SlotFactory slots,
      Workload mix,
      BaselineTasks tasks,
      Settings settings,
      PrintWriter out) {
    this.cores = List.copyOf(cores);
    this.slots = slots;
    this.mix = mix;
    this.tasks = tasks;
    this.settings = settings;
    this.out = out;
  }

  List<RawSample> execute() throws InterruptedException {
    List<Slot> opened = new ArrayList<>();
    try {
      for (int core : cores) {
        opened.add(slots.open(core));
      }
      return loop(opened);
    } finally {
      // why: the warm compilers run in the slot's cgroups, which closing the sandbox removes.
      opened.forEach(slot -> slot.compilers().close());
      opened.forEach(slot -> slot.peer().close());
      opened.forEach(slot -> slot.sandbox().close());
    }
  }

  private List<RawSample> loop(List<Slot> opened) throws InterruptedException {
    ConcurrentLinkedQueue<RawSample> samples = new ConcurrentLinkedQueue<>();
    AtomicLong issued = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline =
        settings.duration() == null ? Long.MAX_VALUE : start + settings.duration().toNanos();
    long warmupEnd = start + settings.warmup().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < opened.size(); i++) {
      int core = cores.get(i);
      Grader grader = opened.get(i).grader();
      Random random = new Random(settings.seed() * 1_000_003L + core);
      threads.add(
          Thread.ofPlatform()
              .name("baseline-core-" + core)
              .start(
                  () -> {
                    try {
                      while (failure.get() == null && mayStart(issued, deadline)) {
                        WorkloadEntry entry = mix.pick(random);
                        GradingTask task = tasks.next(entry);
                        long t0 = System.nanoTime();
                        GradingOutcome outcome = grader.grade(task, GradingListener.NONE);
                        long t1 = System.nanoTime();
                        samples.add(sample(core, entry, outcome, start, warmupEnd, t0, t1));
                      }
                    } catch (RuntimeException e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    long lastPrint = start;
    for (Thread thread : threads) {
      while (!thread.join(Duration.ofSeconds(1))) {
        long now = System.nanoTime();
        if (now - lastPrint >= 10_000_000_000L) {
          out.printf("[%5.0fs] graded %d%n", (now - start) / 1e9, samples.size());
          out.flush();
          lastPrint = now;
        }
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new ArrayList<>(samples);
  }

  private boolean mayStart(AtomicLong issued, long deadline) {
    if (settings.duration() == null) {
      return issued.getAndIncrement() < settings.count();
    }
    return System.nanoTime() < deadline;
  }

  private static RawSample sample(
      int core,
      WorkloadEntry entry,
      GradingOutcome outcome,
      long start,
      long warmupEnd,
      long t0,
      long t1) {
    return new RawSample(
        core,
        entry.label(),
        (t0 - start) / 1e6,
        t0 >= warmupEnd,
        outcome.verdict().name(),
        entry.expected(outcome.verdict()),
        (t1 - t0) / 1e6,
        outcome.compileTimeMs() == null ? 0 : outcome.compileTimeMs(),
        outcome.tests().stream().mapToDouble(TestResult::wallTimeMs).sum(),
        outcome.tests().size());
  }
}
