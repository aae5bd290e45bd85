package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.SandboxBackend;
import dev.verdict.common.config.WorkerConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.cgroup.FavorDynmods;
import dev.verdict.worker.cgroup.RunCgroup;
import dev.verdict.worker.cgroup.SlotCgroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  /** How often the Docker backend looks for containers that no live sandbox holds. */
  private static final long SWEEP_INTERVAL_S = 60;

  private final WorkerConfig worker;
  private final String namespace;
  private final CgroupDriver cgroups;
  private final MetricRegistry metrics;
  private final Path launcher;
  private final List<SlotNetwork> networks = new ArrayList<>();
  private final Map<Integer, SlotCgroup> slotCgroups = new ConcurrentHashMap<>();
  private final DockerEngine docker;
  private final ScheduledExecutorService sweeper;

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
        worker.launcher().runsTheNativeLauncher() && worker.sandbox() != SandboxBackend.DOCKER
            ? LauncherBinary.build(binDir, "/usr/bin/gcc")
            : null;
    if (worker.sandbox() == SandboxBackend.DOCKER) {
      this.docker = new DockerEngine(worker.dockerHost(), worker.dockerCreateConcurrency());
      if (worker.dockerImage().equals(WorkerConfig.DEFAULT_DOCKER_IMAGE)) {
        docker.ensureSandboxRoot();
      }
      docker.requireImage(worker.dockerImage());
      sweep();
      this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "docker-sweep"));
      sweeper.scheduleWithFixedDelay(
          this::sweep, SWEEP_INTERVAL_S, SWEEP_INTERVAL_S, TimeUnit.SECONDS);
    } else {
      this.docker = null;
      this.sweeper = null;
    }
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
    SlotCgroup cgroup = cgroups.forSlot(slot, core);
    slotCgroups.put(slot, cgroup);
    return make(cgroup, scratch, uid(core), core, namespace + "-core-" + core);
  }

  /**
   * A second sandbox of slot {@code slot}, made like its own ({@link #forSlot}, which must come
   * first) in the slot's cgroups, but whose runs are the slot's warm compiler's: as the slot's
   * compiler uid ({@code worker.compilerUidBase} + core), so no test run's process shares its uid.
   * Its runs may go on while the slot's own sandbox runs tests. Closing it leaves the slot's
   * cgroups to the slot's own sandbox.
   */
  public Sandbox forCompiler(int slot, int core, Path scratch) {
    SlotCgroup cgroup = slotCgroups.get(slot);
    if (cgroup == null) {
      throw new IllegalStateException("slot " + slot + " has no sandbox yet");
    }
    return make(
        new Borrowed(cgroup),
        scratch,
        worker.compilerUid(core),
        core,
        namespace + "-compiler-" + core);
  }

  /**
   * A third sandbox of slot {@code slot}, made like its own ({@link #forSlot}, which must come
   * first) in the slot's cgroups and as the slot's uid, for an interactive problem's output
   * validator: its runs go on while the slot's own sandbox runs the submission it talks to. Closing
   * it leaves the slot's cgroups to the slot's own sandbox.
   */
  public Sandbox forPeer(int slot, int core, Path scratch) {
    SlotCgroup cgroup = slotCgroups.get(slot);
    if (cgroup == null) {
      throw new IllegalStateException("slot " + slot + " has no sandbox yet");
    }
    return make(new Borrowed(cgroup), scratch, uid(core), core, namespace + "-peer-" + core);
  }

  /**
   * @param network the name of the network namespace its runs enter, when the slot keeps one; the
   *     Docker sandbox's name on its container's labels
   */
  private Sandbox make(SlotCgroup cgroup, Path scratch, int uid, int core, String network) {
    return switch (worker.sandbox()) {
      case BUILTIN -> new BuiltinSandbox(cgroup, scratch, uid, nativeLaunch(network), metrics);
      case BUBBLEWRAP ->
          new BubblewrapSandbox(cgroup, scratch, uid, worker.bwrapPath(), launch(network), metrics);
      case DOCKER ->
          new DockerSandbox(
              docker,
              scratch,
              worker.dockerImage(),
              worker.dockerImage().equals(WorkerConfig.DEFAULT_DOCKER_IMAGE),
              namespace,
              network,
              core,
              uid,
              metrics);
    };
  }

  /** A slot's cgroups lent to a second sandbox of the slot, which must not remove them. */
  private record Borrowed(SlotCgroup owner) implements SlotCgroup {
    @Override
    public RunCgroup newRun(ResourceLimits limits, int sandboxProcesses) {
      return owner.newRun(limits, sandboxProcesses);
    }

    @Override
    public List<Path> directories() {
      return owner.directories();
    }

    @Override
    public void close() {
      // why: the slot's own sandbox removes them, with whatever still runs there.
    }
  }

  private Launch launch(String network) {
    return switch (worker.launcher()) {
      case SHELL -> new ShellChainLaunch();
      case SPAWNER, NATIVE -> nativeLaunch(network);
    };
  }

  private NativeLaunch nativeLaunch(String networkName) {
    Path network = worker.slotNetwork() ? slotNetwork(networkName) : null;
    return switch (worker.launcher()) {
      case SPAWNER -> new SpawnerLaunch(launcher, network);
      case NATIVE -> new PerRunLaunch(launcher, network);
      case SHELL ->
          throw new IllegalStateException(
              "the shell chain cannot start the " + worker.sandbox() + " sandbox");
    };
  }

  private synchronized Path slotNetwork(String name) {
    SlotNetwork network = SlotNetwork.create(name);
    networks.add(network);
    return network.path();
  }

  /** Removes the slots' network namespaces; close the sandboxes first. */
  @Override
  public synchronized void close() {
    networks.forEach(SlotNetwork::close);
    networks.clear();
    if (docker != null) {
      // why: the sweep first, so that it cannot call an engine client that is closed.
      sweeper.shutdownNow();
      docker.close();
    }
  }

  /**
   * Removes the containers of this worker's namespace that no live sandbox holds: at start-up a
   * killed predecessor's, then every {@link #SWEEP_INTERVAL_S} seconds whatever a failed removal
   * left. A failure is logged and the next sweep tries again.
   */
  private void sweep() {
    try {
      List<String> removed = docker.sweep(namespace);
      if (!removed.isEmpty()) {
        LOG.info("Docker sandbox: removed {} leftover containers {}", removed.size(), removed);
      }
    } catch (RuntimeException e) {
      LOG.warn("Docker sandbox: the sweep for leftover containers failed", e);
    }
  }
}
