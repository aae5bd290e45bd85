package dev.verdict.worker.sandbox;

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
 * Bubblewrap sandboxes on this host's cgroups. Each fixture uses its own cgroup group and its own
 * pair of uids, so tests running at the same time on the machine (another build) cannot mistake
 * each other's processes or cgroups for leftovers.
 *
 * <p>By default runs are launched as the worker launches them by default: the native launcher and a
 * network namespace per slot. {@link #shell()} gives the shell chain instead.
 */
final class BubblewrapFixture implements SandboxFixture {
  private static final String BWRAP = "/usr/bin/bwrap";
  private static Path launcher;

  private final boolean nativeLaunch;
  private final boolean spawner;
  private final boolean builtin;
  private final List<SlotNetwork> networks = new ArrayList<>();

  /** Sandboxes as the worker makes them by default: runs started by the slot's spawner. */
  BubblewrapFixture() {
    this(true, true, false);
  }

  private BubblewrapFixture(boolean nativeLaunch, boolean spawner, boolean builtin) {
    this.nativeLaunch = nativeLaunch;
    this.spawner = spawner;
    this.builtin = builtin;
  }

  /** Sandboxes the slot's spawner builds itself (worker.sandbox builtin), without bubblewrap. */
  static BubblewrapFixture builtin() {
    return new BubblewrapFixture(true, true, true);
  }

  /** Sandboxes whose runs are each started by a native launcher of their own. */
  static BubblewrapFixture perRunLauncher() {
    return new BubblewrapFixture(true, false, false);
  }

  /**
   * Sandboxes started by the shell chain (setpriv, unshare, sh) rather than the native launcher.
   */
  static BubblewrapFixture shell() {
    return new BubblewrapFixture(false, false, false);
  }

  private static synchronized Path launcher() {
    if (launcher == null) {
      launcher =
          LauncherBinary.build(
              Path.of(System.getProperty("java.io.tmpdir"), "verdict-it-bin"), "/usr/bin/gcc");
    }
    return launcher;
  }

  private final int uidBase = 61_000 + 2 * ThreadLocalRandom.current().nextInt(2_000);
  private final CgroupDriver cgroups =
      CgroupDriver.detect("verdict-it-sbx-" + Integer.toHexString(uidBase));
  private final Map<Integer, SlotCgroup> slots = new HashMap<>();
  private final Map<Integer, Path> scratches = new HashMap<>();

  @Override
  public Sandbox newSandbox(int slot, Path scratch) {
    SlotCgroup cgroup = cgroups.forSlot(slot, core(slot));
    slots.put(slot, cgroup);
    scratches.put(slot, scratch);
    LaunchOptions options = LaunchOptions.SHELL;
    if (nativeLaunch) {
      SlotNetwork network =
          SlotNetwork.create("verdict-it-" + Integer.toHexString(uidBase) + "-" + slot);
      networks.add(network);
      options = new LaunchOptions(launcher(), network.path(), spawner, builtin);
    }
    return new BubblewrapSandbox(
        cgroup, scratch, uid(slot), BWRAP, options, new com.codahale.metrics.MetricRegistry());
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
