package dev.verdict.worker.sandbox;

import java.io.IOException;

/**
 * How a sandbox starts the first process of each of its runs ({@code worker.launcher}): chosen once
 * when the sandbox is made. The shell chain or the native launcher, the latter started per run or
 * as the slot's spawner; see docs/architecture.md, "The worker and its sandbox".
 */
sealed interface Launch extends AutoCloseable permits ShellChainLaunch, NativeLaunch {

  /**
   * Starts one run: a process outside the run's cgroups that dies with the calling thread, starts
   * the plan's sandbox command so that every process of the run is in the plan's cgroups and the
   * program runs under its rlimits, as the slot's uid without groups or capabilities, with the
   * plan's status file for the sandbox to report in; reaps every process of the run before it ends;
   * and ends with the program's exit status (128 + n when killed by signal n, {@link
   * RunSupervisor#LAUNCH_FAILED} when the launch itself failed).
   *
   * @throws IOException when no process could be started
   * @throws IllegalArgumentException when the plan asks for what this launcher cannot do
   */
  Launched start(LaunchPlan plan, BoundedOutput stdout, BoundedOutput stderr) throws IOException;

  /**
   * Whether the run enters the slot's network namespace, so that the sandbox must make none of its
   * own.
   */
  boolean entersSlotNetwork();

  /**
   * Whether the launcher writes the CPU time of the sandbox's own processes to {@link
   * RunFiles#sandboxCpu()} after each run, so that it is not charged to the program (the native
   * launcher does; the shell chain charges it all to the program).
   */
  boolean reportsSandboxCpu();

  /** Stops whatever the launcher keeps between runs. */
  @Override
  void close();
}
