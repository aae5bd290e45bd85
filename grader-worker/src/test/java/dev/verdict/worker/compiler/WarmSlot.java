package dev.verdict.worker.compiler;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SlotSandboxes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One worker slot on core 0 as the worker makes it (its sandbox, and warm compilers in sandboxes of
 * their own), under uids of its own so that tests running at once do not share them.
 */
public final class WarmSlot implements AutoCloseable {
  private final Path dir;
  private final VerdictConfig config;
  private final CgroupDriver cgroups;
  private final SlotSandboxes sandboxes;
  private final Sandbox sandbox;

  /**
   * @param name names the slot's cgroups and network namespace
   * @param dir a folder of the slot's own, made readable by the sandboxes' uids
   */
  public WarmSlot(String name, Path dir) throws IOException {
    this.dir = dir;
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    int uidBase = 31_000 + 2 * ThreadLocalRandom.current().nextInt(2_000);
    this.config =
        ConfigLoader.load(
            null,
            Map.of(),
            List.of("worker.uidBase=" + uidBase, "worker.compilerUidBase=" + (uidBase + 10_000)));
    String id = name + "-" + Integer.toHexString(uidBase);
    this.cgroups = CgroupDriver.detect(id);
    this.sandboxes =
        new SlotSandboxes(
            config.worker(),
            id,
            cgroups,
            Path.of(System.getProperty("java.io.tmpdir"), "verdict-it-bin"),
            new MetricRegistry());
    this.sandbox = sandboxes.forSlot(0, 0, dir.resolve("slot"));
  }

  public VerdictConfig config() {
    return config;
  }

  /** The slot's own sandbox, on core 0. */
  public Sandbox sandbox() {
    return sandbox;
  }

  /** The uid the slot's runs take. */
  public int uid() {
    return sandboxes.uid(0);
  }

  /** The slot's warm compilers, closed by the caller before the slot. */
  public WarmCompilers compilers(int maxCompiles, int warmUps) {
    return new WarmCompilers(
        scratch -> sandboxes.forCompiler(0, 0, scratch),
        config.worker().compilerUid(0),
        dir.resolve("compilers"),
        config.limits(),
        maxCompiles,
        60_000,
        warmUps,
        new MetricRegistry());
  }

  @Override
  public void close() {
    sandbox.close();
    sandboxes.close();
    cgroups.close();
  }
}
