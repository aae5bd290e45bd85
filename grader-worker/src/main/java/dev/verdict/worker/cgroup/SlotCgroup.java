package dev.verdict.worker.cgroup;

import dev.verdict.common.limits.ResourceLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * The cgroups of one grading slot: a parent pinned to the slot's core, holding one run at a time.
 */
public interface SlotCgroup extends AutoCloseable {

  /**
   * Creates the cgroup(s) of a new run with these limits, below {@link #directories()}.
   *
   * @param sandboxProcesses how many processes of the sandbox's own share the run's cgroups (and so
   *     its process limit) with the program: bubblewrap's monitor and init, or the built-in
   *     sandbox's init
   */
  RunCgroup newRun(ResourceLimits limits, int sandboxProcesses);

  /**
   * The slot's own cgroup directories (one per v1 hierarchy, one on v2). Run cgroups are their
   * subdirectories, and none is left once a run is closed.
   */
  List<Path> directories();

  /** Removes the slot's cgroups and anything still in them. */
  @Override
  void close();
}
