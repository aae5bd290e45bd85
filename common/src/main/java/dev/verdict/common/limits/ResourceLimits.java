package dev.verdict.common.limits;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param addressSpaceKb the address space of each process (RLIMIT_AS), where an allocation beyond
 *     it fails rather than the run being stopped; 0: none, only the cgroup's {@code memoryMb} (the
 *     default: the JVM, Go and sanitizers reserve far more than they use). Jobe's meaning of its
 *     {@code memorylimit}, which the Jobe facade asks for.
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
    int tmpMb,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) long addressSpaceKb) {

  public ResourceLimits {
    if (timeLimitMs <= 0
        || wallTimeMs <= 0
        || memoryMb <= 0
        || processes <= 0
        || outputKb <= 0
        || fileSizeKb <= 0
        || openFiles <= 0
        || stackMb <= 0
        || tmpMb <= 0
        || addressSpaceKb < 0) {
      // why: in a compact constructor the fields are still unset, so toString() would show zeros.
      throw new IllegalArgumentException(
          String.format(
              "every resource limit must be positive: timeLimitMs=%d, wallTimeMs=%d, memoryMb=%d,"
                  + " processes=%d, outputKb=%d, fileSizeKb=%d, openFiles=%d, stackMb=%d,"
                  + " tmpMb=%d, addressSpaceKb=%d (0: none)",
              timeLimitMs,
              wallTimeMs,
              memoryMb,
              processes,
              outputKb,
              fileSizeKb,
              openFiles,
              stackMb,
              tmpMb,
              addressSpaceKb));
    }
  }

  /** Limits without an address-space limit. */
  public ResourceLimits(
      long timeLimitMs,
      long wallTimeMs,
      int memoryMb,
      int processes,
      long outputKb,
      long fileSizeKb,
      int openFiles,
      int stackMb,
      int tmpMb) {
    this(
        timeLimitMs,
        wallTimeMs,
        memoryMb,
        processes,
        outputKb,
        fileSizeKb,
        openFiles,
        stackMb,
        tmpMb,
        0);
  }

  /**
   * These limits, each no larger than the same limit of {@code max} (an address space without a
   * limit is as large as any; {@code max}'s none bounds nothing).
   */
  public ResourceLimits clampTo(ResourceLimits max) {
    long addressSpace =
        max.addressSpaceKb == 0 || (addressSpaceKb != 0 && addressSpaceKb < max.addressSpaceKb)
            ? addressSpaceKb
            : max.addressSpaceKb;
    return new ResourceLimits(
        Math.min(timeLimitMs, max.timeLimitMs),
        Math.min(wallTimeMs, max.wallTimeMs),
        Math.min(memoryMb, max.memoryMb),
        Math.min(processes, max.processes),
        Math.min(outputKb, max.outputKb),
        Math.min(fileSizeKb, max.fileSizeKb),
        Math.min(openFiles, max.openFiles),
        Math.min(stackMb, max.stackMb),
        Math.min(tmpMb, max.tmpMb),
        addressSpace);
  }

  public ResourceLimits withTime(long cpuMs, long wallMs) {
    return copy(cpuMs, wallMs, memoryMb, addressSpaceKb);
  }

  public ResourceLimits withMemoryMb(int mb) {
    return copy(timeLimitMs, wallTimeMs, mb, addressSpaceKb);
  }

  /** These limits with an address-space limit of {@code kb} per process; 0 for none. */
  public ResourceLimits withAddressSpaceKb(long kb) {
    return copy(timeLimitMs, wallTimeMs, memoryMb, kb);
  }

  /** These limits with the given times, memory and address space, every other limit kept. */
  private ResourceLimits copy(long cpuMs, long wallMs, int mb, long addressKb) {
    return new ResourceLimits(
        cpuMs, wallMs, mb, processes, outputKb, fileSizeKb, openFiles, stackMb, tmpMb, addressKb);
  }

  public long memoryBytes() {
    return memoryMb * 1024L * 1024L;
  }

  public long outputBytes() {
    return outputKb * 1024L;
  }

  /** The address-space limit in bytes; 0 for none. */
  public long addressSpaceBytes() {
    return addressSpaceKb * 1024L;
  }
}
