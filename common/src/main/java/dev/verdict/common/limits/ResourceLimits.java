package dev.verdict.common.limits;

/**
 * The complete limits of one sandboxed run.
 *
 * @param timeLimitMs CPU time of every process of the run together
 * @param wallTimeMs elapsed time, after which the whole process tree is killed
 * @param memoryMb memory of every process of the run together (cgroup), including tmpfs pages
 * @param processes processes and threads at once
 * @param outputKb stdout and stderr, each
 * @param fileSizeKb the largest file the run may write
 * @param openFiles open file descriptors per process
 * @param stackMb stack size per process
 * @param tmpMb size of /tmp and of /dev/shm, each
 */
public record ResourceLimits(
    long timeLimitMs,
    long wallTimeMs,
    int memoryMb,
    int processes,
    long outputKb,
    long fileSizeKb,
    int openFiles,
    int stackMb,
    int tmpMb) {

  public ResourceLimits {
    if (timeLimitMs <= 0
        || wallTimeMs <= 0
        || memoryMb <= 0
        || processes <= 0
        || outputKb <= 0
        || fileSizeKb <= 0
        || openFiles <= 0
        || stackMb <= 0
        || tmpMb <= 0) {
      // why: in a compact constructor the fields are still unset, so toString() would show zeros.
      throw new IllegalArgumentException(
          String.format(
              "every resource limit must be positive: timeLimitMs=%d, wallTimeMs=%d, memoryMb=%d,"
                  + " processes=%d, outputKb=%d, fileSizeKb=%d, openFiles=%d, stackMb=%d, tmpMb=%d",
              timeLimitMs,
              wallTimeMs,
              memoryMb,
              processes,
              outputKb,
              fileSizeKb,
              openFiles,
              stackMb,
              tmpMb));
    }
  }

  /** These limits, each no larger than the same limit of {@code max}. */
  public ResourceLimits clampTo(ResourceLimits max) {
    return new ResourceLimits(
        Math.min(timeLimitMs, max.timeLimitMs),
        Math.min(wallTimeMs, max.wallTimeMs),
        Math.min(memoryMb, max.memoryMb),
        Math.min(processes, max.processes),
        Math.min(outputKb, max.outputKb),
        Math.min(fileSizeKb, max.fileSizeKb),
        Math.min(openFiles, max.openFiles),
        Math.min(stackMb, max.stackMb),
        Math.min(tmpMb, max.tmpMb));
  }

  public ResourceLimits withTime(long cpuMs, long wallMs) {
    return new ResourceLimits(
        cpuMs, wallMs, memoryMb, processes, outputKb, fileSizeKb, openFiles, stackMb, tmpMb);
  }

  public ResourceLimits withMemoryMb(int mb) {
    return new ResourceLimits(
        timeLimitMs, wallTimeMs, mb, processes, outputKb, fileSizeKb, openFiles, stackMb, tmpMb);
  }

  public long memoryBytes() {
    return memoryMb * 1024L * 1024L;
  }

  public long outputBytes() {
    return outputKb * 1024L;
  }
}
