package dev.verdict.loadgen.baseline;

import dev.verdict.common.message.Verdict;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.sandbox.Sandbox;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one grading loop per core, each on its own platform thread and slot (sandbox + cgroup pinned
 * to the core), until the duration is over or the count is reached.
 */
final class BaselineLoop {
  private final List<Integer> cores;
  private final SlotFactory slots;
  private final Workload mix;
  private final Map<WorkloadEntry, Language> languages;
  private final Map<String, ProblemPackage> problems;
  private final Settings settings;
  private final PrintWriter out;

  /**
   * @param duration loop this long, or null when {@code count} is set
   * @param count grade this many in all, or 0
   * @param warmup submissions started before this are not {@code measured}
   */
  record Settings(Duration duration, long count, Duration warmup, long seed) {}

  /** One core's sandbox and grader. */
  record Slot(Sandbox sandbox, RawGrader grader) {}

  /** Opens the slot of one core: its cgroups, sandbox and a self-test. */
  interface SlotFactory {
    Slot open(int core);
  }

  BaselineLoop(
      List<Integer> cores,
      SlotFactory slots,
      Workload mix,
      Map<WorkloadEntry, Language> languages,
      Map<String, ProblemPackage> problems,
      Settings settings,
      PrintWriter out) {
    this.cores = List.copyOf(cores);
    this.slots = slots;
    this.mix = mix;
    this.languages = languages;
    this.problems = problems;
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
      RawGrader grader = opened.get(i).grader();
      Random random = new Random(settings.seed() * 1_000_003L + core);
      threads.add(
          Thread.ofPlatform()
              .name("baseline-core-" + core)
              .start(
                  () -> {
                    try {
                      while (failure.get() == null && mayStart(issued, deadline)) {
                        WorkloadEntry entry = mix.pick(random);
                        long t0 = System.nanoTime();
                        RawGrader.Graded graded =
                            grader.grade(
                                entry, languages.get(entry), problems.get(entry.problem()));
                        long t1 = System.nanoTime();
                        samples.add(sample(core, entry, graded, start, warmupEnd, t0, t1));
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
      RawGrader.Graded graded,
      long start,
      long warmupEnd,
      long t0,
      long t1) {
    Verdict verdict = graded.verdict();
    return new RawSample(
        core,
        entry.label(),
        (t0 - start) / 1e6,
        t0 >= warmupEnd,
        verdict.name(),
        entry.expected(verdict),
        (t1 - t0) / 1e6,
        graded.compileMs(),
        graded.runMs(),
        graded.tests());
  }
}
