package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Removes the System V shared memory, semaphores and message queues of a container's IPC namespace:
 * they outlive the processes that made them, so a run could leave one for the next.
 */
final class SystemVIpc {
  private SystemVIpc() {}

  /** Removes every object of the IPC namespace of process {@code pid}. */
  static void removeAll(long pid) throws IOException {
    Process remove =
        new ProcessBuilder(
                "/usr/bin/nsenter", "-t", Long.toString(pid), "-i", "/usr/bin/ipcrm", "--all")
            .redirectErrorStream(true)
            .start();
    try {
      if (!remove.waitFor(10, TimeUnit.SECONDS)) {
        remove.destroyForcibly();
        throw new IOException("ipcrm in the sandbox container's IPC namespace did not end");
      }
      String out =
          new String(
              remove.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (remove.exitValue() != 0) {
        throw new IOException("ipcrm in the sandbox container failed: " + out.trim());
      }
    } catch (InterruptedException e) {
      remove.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted removing the container's IPC objects", e);
    }
  }
}
