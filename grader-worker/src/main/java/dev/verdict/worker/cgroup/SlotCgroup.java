package dev.verdict.worker.cgroup;

import dev.verdict.common.limits.ResourceLimits;

/**
 * The cgroups of one grading slot: a parent pinned to the slot's core, holding one run at a time.
 */
public interface SlotCgroup extends AutoCloseable {

  /** Creates the cgroup(s) of a new run with these limits. */
  RunCgroup newRun(ResourceLimits limits);

  /** Removes the slot's cgroups and anything still in them. */
  @Override
  void close();
}
