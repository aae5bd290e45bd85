package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.WorkerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sandboxes of the Docker backend on the local engine, made as {@link SlotSandboxes} makes a
 * worker's, each fixture with its own owner label and pair of uids, so builds running at the same
 * time cannot mistake each other's containers or processes for leftovers.
 */
final class DockerSandboxFixture implements SandboxFixture {
  private static DockerEngine engine;

  private final int uidBase = 63_000 + 2 * ThreadLocalRandom.current().nextInt(1_000);
  private final String owner = "verdict-it-" + Integer.toHexString(uidBase);
  private final Map<Integer, DockerSandbox> sandboxes = new HashMap<>();

  static synchronized DockerEngine engine() {
    if (engine == null) {
      engine = new DockerEngine(WorkerConfig.DEFAULT_DOCKER_HOST);
      engine.ensureSandboxRoot();
    }
    return engine;
  }

  @Override
  public Sandbox newSandbox(int slot, Path scratch) {
    DockerSandbox sandbox =
        new DockerSandbox(
            engine(),
            scratch,
            WorkerConfig.DEFAULT_DOCKER_IMAGE,
            true,
            owner,
            "slot-" + slot,
            core(slot),
            uid(slot),
            new MetricRegistry());
    sandboxes.put(slot, sandbox);
    return sandbox;
  }

  /** The slot's sandbox as the fixture made it. */
  DockerSandbox sandbox(int slot) {
    return sandboxes.get(slot);
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

  @Override
  public List<String> leftovers(int slot) {
    DockerSandbox sandbox = sandboxes.get(slot);
    return sandbox == null ? List.of() : sandbox.leftovers();
  }

  /** Containers of this fixture's owner that the engine still has, of any slot. */
  List<String> containers() {
    List<String> all = new ArrayList<>();
    for (DockerSandbox sandbox : sandboxes.values()) {
      all.addAll(sandbox.containers());
    }
    return all;
  }

  @Override
  public void close() {
    sandboxes.values().forEach(DockerSandbox::close);
  }
}
