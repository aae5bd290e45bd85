package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The native launcher started by the worker once per run ({@code worker.launcher: native}): a fork
 * and an exec of the JDK's process helper per run besides the launcher's own exec, which the
 * spawner saves.
 */
final class PerRunLaunch implements NativeLaunch {
  private final Path launcher;
  private final Path networkNamespace;

  /**
   * @param launcher the compiled launcher ({@link LauncherBinary})
   * @param networkNamespace the slot's network namespace that runs enter, or null for a new one per
   *     run
   */
  PerRunLaunch(Path launcher, Path networkNamespace) {
    this.launcher = launcher;
    this.networkNamespace = networkNamespace;
  }

  @Override
  public Launched start(LaunchPlan plan, BoundedOutput stdout, BoundedOutput stderr)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(launcher.toString());
    argv.addAll(LaunchArguments.of(plan, networkNamespace));
    return LaunchedProcess.start(argv, Map.of("PATH", "/usr/bin:/bin"), stdout, stderr);
  }

  @Override
  public boolean entersSlotNetwork() {
    return networkNamespace != null;
  }

  @Override
  public void close() {
    // why: nothing outlives a run; each run's launcher is gone when the run returns.
  }
}
