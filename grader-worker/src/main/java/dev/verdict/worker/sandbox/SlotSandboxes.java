package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.WorkerConfig;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.cgroup.FavorDynmods;
import dev.verdict.worker.cgroup.SlotCgroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the sandboxes of a worker's slots the one way the worker configuration says: the backend
 * ({@code worker.sandbox}), the launcher ({@code worker.launcher}), a network namespace per slot
 * ({@code worker.slotNetwork}), the slot's uid ({@code worker.uidBase} + core) and cgroups pinned
 * to its core. The worker and the sandbox benchmarks both use it, so the benchmarks measure exactly
 * the worker's sandbox path.
 */
public final class SlotSandboxes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlotSandboxes.class);
  private final WorkerConfig worker;
  private final String namespace;
  private final CgroupDriver cgroups;
  private final MetricRegistry metrics;
  private final Path launcher;
  private final List<SlotNetwork> networks = new ArrayList<>();

  /**
   * @param namespace names the slots' network namespaces ({@code <namespace>-core-<n>})
   * @param binDir where the native launcher is built
   * @throws SandboxException (not retryable) when the native launcher cannot be built
   */
  public SlotSandboxes(
      WorkerConfig worker,
      String namespace,
      CgroupDriver cgroups,
      Path binDir,
      MetricRegistry metrics) {
    this.worker = worker;
    this.namespace = namespace;
    this.cgroups = cgroups;
    this.metrics = metrics;
    this.launcher =
        worker.launcher().runsTheNativeLauncher()
            ? LauncherBinary.build(binDir, "/usr/bin/gcc")
            : null;
    if (worker.cgroupFavorDynmods()) {
      LOG.info("cgroups: {}", FavorDynmods.enable());
    }
  }

  /** The slot's uid and gid: {@code worker.uidBase} + its core. */
  public int uid(int core) {
    return worker.uidBase() + core;
  }

  /** The sandbox of slot {@code slot}, bound to {@code core}, keeping its own files in scratch. */
  public Sandbox forSlot(int slot, int core, Path scratch) {
    return sandbox(cgroups.forSlot(slot, core), core, scratch, "");
  }

  /**
   * A second sandbox of slot {@code slot}, on the same core and uid, with cgroups of its own: for
   * an interactive problem's output validator, which runs while the slot's sandbox runs the
   * submission.
   */
  public Sandbox forPeer(int slot, int core, Path scratch) {
    return sandbox(cgroups.forPeer(slot, core), core, scratch, "-peer");
  }

  private Sandbox sandbox(SlotCgroup cgroup, int core, Path scratch, String suffix) {
    return switch (worker.sandbox()) {
      case BUILTIN ->
          new BuiltinSandbox(cgroup, scratch, uid(core), nativeLaunch(core, suffix), metrics);
      case BUBBLEWRAP ->
          new BubblewrapSandbox(
              cgroup, scratch, uid(core), worker.bwrapPath(), launch(core, suffix), metrics);
    };
  }

  private Launch launch(int core, String suffix) {
    return switch (worker.launcher()) {
      case SHELL -> new ShellChainLaunch();
      case SPAWNER, NATIVE -> nativeLaunch(core, suffix);
    };
  }

  private NativeLaunch nativeLaunch(int core, String suffix) {
    Path network = worker.slotNetwork() ? slotNetwork(core, suffix) : null;
    return switch (worker.launcher()) {
      case SPAWNER -> new SpawnerLaunch(launcher, network);
      case NATIVE -> new PerRunLaunch(launcher, network);
      case SHELL ->
          throw new IllegalStateException(
              "the shell chain cannot start the " + worker.sandbox() + " sandbox");
    };
  }

  private Path slotNetwork(int core, String suffix) {
    SlotNetwork network = SlotNetwork.create(namespace + "-core-" + core + suffix);
    networks.add(network);
    return network.path();
  }

  /** Removes the slots' network namespaces; close the sandboxes first. */
  @Override
  public void close() {
    networks.forEach(SlotNetwork::close);
    networks.clear();
  }
}
