package dev.verdict.worker.sandbox;

/**
 * A launch by the native launcher, verdict-launch (grader-worker/src/main/c/), per run or as the
 * slot's spawner: the only launchers that can build the built-in sandbox, enter the slot's network
 * namespace and report the sandbox's own CPU time.
 */
sealed interface NativeLaunch extends Launch permits PerRunLaunch, SpawnerLaunch {

  @Override
  default boolean reportsSandboxCpu() {
    return true;
  }
}
