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
 *   <li>{@code memorylimit} (MB): the memory limit; 0 asks for the ceiling. Java ignores it, as
 *       Jobe's Java task does (the JVM's heap is sized from Verdict's own limit).
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
    return new LimitOverrides(
        cpuMs, wallMs, memoryMb, processes, outputKb, fileSizeKb, null, null, null);
  }
}
