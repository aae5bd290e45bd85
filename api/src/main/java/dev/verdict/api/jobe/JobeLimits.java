package dev.verdict.api.jobe;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;

/**
 * A run's {@code parameters} as Verdict limits, in Jobe's units and with Jobe's defaults where a
 * run gives none, each held to the ad-hoc ceilings ({@code api.adhoc.maxLimits}) instead of being
 * refused: Jobe too runs what it is asked within its own maxima. The worker clamps again to {@code
 * limits.max}.
 *
 * <ul>
 *   <li>{@code cputime} (default 5 s): the CPU limit; the run is killed at twice it in wall time,
 *       as Jobe kills it.
 *   <li>{@code memorylimit} (MB): what Jobe makes of it, the address space of each process
 *       (RLIMIT_AS, so an allocation beyond it fails), with Jobe's default per language (400 MB,
 *       Python 1000, Octave 500); 0 asks for none. Also the run's cgroup memory, held to the
 *       ceiling (0 asks for the ceiling), which bounds the run's processes together. Java ignores
 *       it, as Jobe's Java task does (the JVM's heap is sized from Verdict's own limit). Node.js
 *       has no address-space limit unless the run asks for one: V8 reserves more than Jobe's
 *       default 400 MB when it starts, so under it every Node.js program fails (Jobe's own runs
 *       too, which is why Jobe's test client asks Node.js runs for 1000000).
 *   <li>The stack of a run with an address-space limit is Jobe's 8 MB (its web server's): every
 *       thread reserves a stack of that size within the address space.
 *   <li>{@code numprocs}: processes and threads; Java gets at least Jobe's 256 (within the
 *       ceiling).
 *   <li>{@code streamsize} (MB, default 2): stdout and stderr, each.
 *   <li>{@code disklimit} (MB, default 20): the largest file; -1 asks for the ceiling.
 * </ul>
 *
 * Jobe's megabytes are 1000 kB, so are these.
 */
final class JobeLimits {
  static final double DEFAULT_CPU_TIME_SECS = 5;
  static final int DEFAULT_STREAM_SIZE_MB = 2;
  static final int DEFAULT_DISK_LIMIT_MB = 20;
  static final int JAVA_MIN_PROCESSES = 256;
  static final int STACK_MB = 8;

  private JobeLimits() {}

  static LimitOverrides of(RunParameters p, JobeLanguages.Known language, ResourceLimits max) {
    boolean java = language.jobeId().equals("java");
    double cpuSecs = p.cpuTimeSecs() == null ? DEFAULT_CPU_TIME_SECS : p.cpuTimeSecs();
    long cpuMs = Math.min(Math.max(1, Math.round(cpuSecs * 1000)), max.timeLimitMs());
    long wallMs = Math.min(2 * cpuMs, max.wallTimeMs());
    Integer memoryMb = null;
    if (p.memoryLimitMb() != null && !java) {
      memoryMb =
          p.memoryLimitMb() == 0 ? max.memoryMb() : Math.min(p.memoryLimitMb(), max.memoryMb());
    }
    Long addressSpaceKb = addressSpaceKb(p.memoryLimitMb(), language);
    Integer processes = null;
    if (p.numProcs() != null) {
      int asked = java ? Math.max(p.numProcs(), JAVA_MIN_PROCESSES) : p.numProcs();
      processes = Math.min(asked, max.processes());
    }
    int streamMb = p.streamSizeMb() == null ? DEFAULT_STREAM_SIZE_MB : p.streamSizeMb();
    long outputKb = Math.min(1000L * streamMb, max.outputKb());
    int diskMb = p.diskLimitMb() == null ? DEFAULT_DISK_LIMIT_MB : p.diskLimitMb();
    long fileSizeKb =
        diskMb < 0 ? max.fileSizeKb() : Math.min(Math.max(1, 1000L * diskMb), max.fileSizeKb());
    Integer stackMb = addressSpaceKb == null ? null : Math.min(STACK_MB, max.stackMb());
    return new LimitOverrides(
        cpuMs,
        wallMs,
        memoryMb,
        processes,
        outputKb,
        fileSizeKb,
        null,
        stackMb,
        null,
        addressSpaceKb);
  }

  /**
   * The address space of each process of the run as Jobe's runguard sets it from {@code
   * memorylimit} (MB of 1000 kB), or null for none.
   */
  static Long addressSpaceKb(Integer memoryLimitMb, JobeLanguages.Known language) {
    Integer mb = memoryLimitMb != null ? memoryLimitMb : defaultMemoryLimitMb(language);
    return mb == null || mb <= 0 || language.jobeId().equals("java") ? null : 1000L * mb;
  }

  /** Jobe's {@code memorylimit} for a run that gives none, or null for none. */
  private static Integer defaultMemoryLimitMb(JobeLanguages.Known language) {
    return switch (language.jobeId()) {
      case "java", "nodejs" -> null;
      case "python3" -> 1000;
      case "octave" -> 500;
      default -> 400;
    };
  }
}
