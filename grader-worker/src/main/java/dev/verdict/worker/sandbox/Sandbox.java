package dev.verdict.worker.sandbox;

/**
 * Runs one untrusted command to completion in isolation, under resource limits, on the core of the
 * slot it belongs to. One instance serves one slot and runs one command at a time.
 *
 * <p>What the program does is data: exiting non-zero, being killed, exceeding a limit all come back
 * as a {@link RunResult}. Only a failure of the sandbox itself is an exception.
 *
 * <p>Every backend gives each run (the contract tests in the test sources check each point, for
 * every backend with every launcher that can start it): the slot's own unprivileged uid and gid, no
 * supplementary groups, no capabilities, no way to make a user namespace; its own PID, network,
 * IPC, UTS, mount and cgroup namespaces (and a user namespace where the backend needs one to build
 * the others), with no network at all and a /proc that shows only its own processes; read-only
 * system directories and nothing of the host besides them and the request's read-only paths; a /box
 * and a /tmp of its own (see {@link RunRequest}); every process pinned to the slot's CPUs; the
 * limits of {@link dev.verdict.common.limits.ResourceLimits}, CPU time and memory counted over all
 * its processes.
 *
 * <p>One class per backend: {@link BuiltinSandbox}, {@link BubblewrapSandbox} and {@link
 * DockerSandbox} (whose runs share their slot's container, emptied between runs); {@link
 * SlotSandboxes} makes a slot's as the worker configuration says.
 */
public interface Sandbox extends AutoCloseable {

  /**
   * Runs the request and returns when every process it started is gone (none left running, none
   * left as a zombie) and nothing of the run is held any more. A request that {@linkplain
   * RunRequest#endsWithProgram() ends with its program} ends when the command's first process does:
   * the others are killed then, and the result's exit status is that first process's.
   *
   * @throws SandboxException when the sandbox could not be set up or torn down; {@link
   *     SandboxException#retryable()} says whether another attempt may succeed
   */
  RunResult run(RunRequest request);

  /**
   * Whether runs see a request's {@link RunRequest#pipes()} at {@link RunRequest#PIPES}, so that
   * nothing of the host's path to them shows inside. A sandbox that does not is given the pipes'
   * directory among the request's read-only paths, and its runs name them by their host path.
   */
  default boolean showsPipes() {
    return false;
  }

  /** A short name for logs and metrics: the backend's {@code worker.sandbox} value. */
  String kind();

  /** Removes whatever this sandbox keeps between runs. */
  @Override
  void close();
}
