package dev.verdict.worker.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * What the sandbox contracts need to know about one backend: how to make a sandbox for a slot, and
 * what that slot looks like from the host. One fixture serves one test and is closed after it.
 */
public interface SandboxFixture extends AutoCloseable {

  /**
   * A new sandbox for slot {@code slot} (0 or 1), keeping its own files in {@code scratch}. Fails
   * (never skips) when the backend cannot work on this machine.
   */
  Sandbox newSandbox(int slot, Path scratch);

  /** The uid and gid the slot's programs run as, seen from the host; never 0. */
  int uid(int slot);

  /** The slot's CPUs as /proc/self/status shows them in Cpus_allowed_list, e.g. {@code 1}. */
  String cpus(int slot);

  /**
   * What the backend still holds for the slot's runs (run cgroups, mounts, containers), described
   * for an assertion message. Empty once every run has returned.
   */
  List<String> leftovers(int slot);

  /** Removes whatever the fixture created; sandboxes it made are closed first by the test. */
  @Override
  void close();
}
