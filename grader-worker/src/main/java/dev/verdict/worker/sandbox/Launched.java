package dev.verdict.worker.sandbox;

import java.util.concurrent.TimeUnit;

/** A run's launcher once started: its end, its exit status and its outputs. */
interface Launched {
  /**
   * @return whether the launcher ended within the timeout
   * @throws SandboxException when the launcher was lost (not the program's doing)
   */
  boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException;

  /** Waits until the launcher ended. */
  void waitFor() throws InterruptedException;

  /** Waits until both outputs were read to their end (call after the launcher ended). */
  void drain() throws InterruptedException;

  /** The launcher's exit status: the program's, or 128 + n when killed by signal n. */
  int exitCode();
}
