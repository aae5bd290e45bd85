package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.testing.HostGcc;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.cgroup.SlotCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Sandboxes of one {@link SandboxMode} whose runs live in cgroups the worker makes (the built-in
 * sandbox and bubblewrap), on this host's cgroups, made the way {@link SlotSandboxes} makes a
 * worker's: the native launchers enter a network namespace of the slot's own. Each fixture uses its
 * own cgroup group, its own network namespaces and its own pair of uids, so tests running at the
 * same time on the machine (another build) cannot mistake each other's processes or cgroups for
 * leftovers.
 */
final class CgroupSandboxFixture implements SandboxFixture {
  private static final String BWRAP = "/usr/bin/bwrap";
  private static Path launcher;

  private final SandboxMode mode;
  private final int uidBase = 61_000 + 2 * ThreadLocalRandom.current().nextInt(2_000);
  private final CgroupDriver cgroups =
      CgroupDriver.detect("verdict-it-sbx-" + Integer.toHexString(uidBase));
  private final List<SlotNetwork> networks = new ArrayList<>();
  private final Map<Integer, SlotCgroup> slots = new HashMap<>();
  private final Map<Integer, Path> scratches = new HashMap<>();
  private final Map<Integer, SpawnerLaunch> spawners = new HashMap<>();

  CgroupSandboxFixture(SandboxMode mode) {
    this.mode = mode;
  }

  private static synchronized Path launcher() {
    if (launcher == null) {
      launcher =
          LauncherBinary.build(
              Path.of(System.getProperty("java.io.tmpdir"), "verdict-it-bin"), HostGcc.path());
    }
    return launcher;
  }

  @Override
  public Sandbox newSandbox(int slot, Path scratch) {
    SlotCgroup cgroup = cgroups.forSlot(slot, core(slot));
    slots.put(slot, cgroup);
    scratches.put(slot, scratch);
    MetricRegistry metrics = new MetricRegistry();
    return switch (mode.backend()) {
      case BUILTIN -> new BuiltinSandbox(cgroup, scratch, uid(slot), nativeLaunch(slot), metrics);
      case BUBBLEWRAP ->
          new BubblewrapSandbox(cgroup, scratch, uid(slot), BWRAP, launch(slot), metrics);
      case DOCKER -> throw new IllegalStateException("the Docker sandbox has a fixture of its own");
    };
  }

  private Launch launch(int slot) {
    return switch (mode.launcher()) {
      case SHELL -> new ShellChainLaunch();
      case SPAWNER, NATIVE -> nativeLaunch(slot);
    };
  }

  private NativeLaunch nativeLaunch(int slot) {
    SlotNetwork network =
        SlotNetwork.create("verdict-it-" + Integer.toHexString(uidBase) + "-" + slot);
    networks.add(network);
    return switch (mode.launcher()) {
      case SPAWNER -> {
        SpawnerLaunch spawner = new SpawnerLaunch(launcher(), network.path());
        spawners.put(slot, spawner);
        yield spawner;
      }
      case NATIVE -> new PerRunLaunch(launcher(), network.path());
      case SHELL -> throw new IllegalStateException(mode + " is refused by the configuration");
    };
  }

  /** The pid of the slot's spawner while it runs; -1 before its first run or after it died. */
  long spawnerPid(int slot) {
    SpawnerLaunch spawner = spawners.get(slot);
    if (spawner == null) {
      throw new IllegalStateException(mode + " has no spawner for slot " + slot);
    }
    return spawner.spawnerPid();
  }

  @Override
  public int uid(int slot) {
    return uidBase + slot;
  }

  @Override
  public String cpus(int slot) {
    return Integer.toString(core(slot));
  }

  private static int core(int slot) {
    return slot % Runtime.getRuntime().availableProcessors();
  }

  /** Run cgroups still below the slot's cgroups, and host mounts below its scratch directory. */
  @Override
  public List<String> leftovers(int slot) {
    List<String> left = new ArrayList<>();
    SlotCgroup cgroup = slots.get(slot);
    if (cgroup != null) {
      for (Path dir : cgroup.directories()) {
        try (Stream<Path> children = Files.list(dir)) {
          children.filter(Files::isDirectory).forEach(run -> left.add("cgroup " + run));
        } catch (IOException e) {
          left.add("unreadable cgroup " + dir + ": " + e);
        }
      }
    }
    Path scratch = scratches.get(slot);
    if (scratch != null) {
      try (Stream<String> mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
        mounts
            .filter(line -> line.contains(scratch.getParent().toString()))
            .forEach(line -> left.add("mount " + line));
      } catch (IOException e) {
        left.add("unreadable mountinfo: " + e);
      }
    }
    return left;
  }

  @Override
  public void close() {
    cgroups.close();
    networks.forEach(SlotNetwork::close);
  }
}
