package dev.verdict.workerbench.slot;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SlotSandboxes;
import java.nio.file.Path;

/**
 * A benchmark's slots: the worker's cgroup driver and {@link SlotSandboxes}, so that every sandbox
 * a benchmark measures is made exactly as a worker slot's is.
 */
public final class BenchSlots implements AutoCloseable {
  private final CgroupDriver cgroups;
  private final SlotSandboxes sandboxes;

  private BenchSlots(CgroupDriver cgroups, SlotSandboxes sandboxes) {
    this.cgroups = cgroups;
    this.sandboxes = sandboxes;
  }

  static BenchSlots open(
      VerdictConfig verdict, String namespace, Path binDir, MetricRegistry metrics) {
    CgroupDriver cgroups = CgroupDriver.detect(namespace);
    try {
      return new BenchSlots(
          cgroups, new SlotSandboxes(verdict.worker(), namespace, cgroups, binDir, metrics));
    } catch (RuntimeException e) {
      cgroups.close();
      throw e;
    }
  }

  /** The sandbox of slot {@code slot} on {@code core}; the caller closes it. */
  public Sandbox forSlot(int slot, int core, Path scratch) {
    return sandboxes.forSlot(slot, core, scratch);
  }

  /**
   * The sandbox of the warm compilers of slot {@code slot} on {@code core}; the caller closes it.
   */
  public Sandbox forCompiler(int slot, int core, Path scratch) {
    return sandboxes.forCompiler(slot, core, scratch);
  }

  /**
   * The sandbox interactive validators of slot {@code slot} run in, beside its own; the caller
   * closes it.
   */
  public Sandbox forPeer(int slot, int core, Path scratch) {
    return sandboxes.forPeer(slot, core, scratch);
  }

  /** The uid the slot on {@code core} runs code as. */
  public int uid(int core) {
    return sandboxes.uid(core);
  }

  /** The cgroup driver in use, for the first line of a report. */
  public String describe() {
    return cgroups.describe();
  }

  /** Removes the slots' network namespaces, then their cgroups; close the sandboxes first. */
  @Override
  public void close() {
    try (cgroups) {
      sandboxes.close();
    }
  }
}
