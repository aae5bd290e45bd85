package dev.verdict.worker.cgroup;

import java.nio.file.Path;
import java.util.List;

/** The cgroup(s) of one run: where its processes are limited, measured and killed. */
public interface RunCgroup extends AutoCloseable {

  /** The {@code cgroup.procs} files a process writes its pid to, to enter this run's cgroups. */
  List<Path> procsFiles();

  /**
   * CPU time used so far by every process that was in the run, in nanoseconds. The sandbox calls it
   * often while the run lasts, so an implementation may sample other counters here too.
   */
  long cpuNanos();

  /** The highest memory use of the run so far, in bytes, every process and tmpfs page included. */
  long peakMemoryBytes();

  /** Whether the kernel's OOM killer killed a process of this run. */
  boolean oomKilled();

  /**
   * Stops the run from creating processes, SIGKILLs every process of the run and returns when none
   * is left. The run cannot start a process afterwards.
   */
  void killAll();

  /** Kills what is left and removes the cgroup(s). */
  @Override
  void close();
}
