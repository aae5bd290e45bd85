package dev.verdict.loadgen.run;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** This process's own CPU time, so a report can show what load-gen itself cost. */
public final class SelfCpu {
  private SelfCpu() {}

  /** CPU time used by this process so far (every thread, user and system), in nanoseconds. */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        && os.getProcessCpuTime() >= 0) {
      return os.getProcessCpuTime();
    }
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
