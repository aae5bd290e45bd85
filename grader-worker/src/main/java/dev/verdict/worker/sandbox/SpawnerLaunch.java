package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The slot's spawner starts each run ({@code worker.launcher: spawner}, the default): the worker
 * creates no process per run. See {@link Spawner}.
 */
final class SpawnerLaunch implements NativeLaunch {
  private final Spawner spawner;
  private final Path networkNamespace;

  /**
   * @param launcher the compiled launcher ({@link LauncherBinary}), which serves as the spawner
   * @param networkNamespace the slot's network namespace that runs enter, or null for a new one per
   *     run
   */
  SpawnerLaunch(Path launcher, Path networkNamespace) {
    this.spawner = new Spawner(launcher);
    this.networkNamespace = networkNamespace;
  }

  @Override
  public Launched start(LaunchPlan plan, BoundedOutput stdout, BoundedOutput stderr)
      throws IOException {
    return spawner.start(LaunchArguments.of(plan, networkNamespace), stdout, stderr);
  }

  @Override
  public boolean entersSlotNetwork() {
    return networkNamespace != null;
  }

  /** The pid of the slot's spawner while it runs; -1 before the first run or after it died. */
  long spawnerPid() {
    return spawner.pid();
  }

  @Override
  public void close() {
    spawner.close();
  }
}
