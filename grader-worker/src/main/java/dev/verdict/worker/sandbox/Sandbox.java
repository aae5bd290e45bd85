package dev.verdict.worker.sandbox;

/**
 * Runs one untrusted command to completion in isolation, under resource limits, on the core of the
 * slot it belongs to. One instance serves one slot and runs one command at a time.
 *
 * <p>What the program does is data: exiting non-zero, being killed, exceeding a limit all come back
 * as a {@link RunResult}. Only a failure of the sandbox itself is an exception.
 */
public interface Sandbox extends AutoCloseable {

  /**
   * Runs the request and returns when every process it started is gone.
   *
   * @throws SandboxException when the sandbox could not be set up or torn down; {@link
   *     SandboxException#retryable()} says whether another attempt may succeed
   */
  RunResult run(RunRequest request);

  /** A short name for logs and metrics, e.g. {@code bubblewrap}. */
  String kind();

  /** Removes whatever this sandbox keeps between runs. */
  @Override
  void close();
}
