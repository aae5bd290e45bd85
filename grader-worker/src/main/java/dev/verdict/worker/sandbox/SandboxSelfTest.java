package dev.verdict.worker.sandbox;

import dev.verdict.common.config.LimitsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a trivial command in a slot's sandbox at start-up, so a worker whose sandbox cannot work
 * (bubblewrap missing, namespaces forbidden, cgroups unusable) stops with the reason instead of
 * failing every task it takes.
 */
public final class SandboxSelfTest {
  private SandboxSelfTest() {}

  /**
   * @throws SandboxException (not retryable) describing what does not work
   */
  public static void check(Sandbox sandbox, Path dir, int uid, LimitsConfig limits) {
    try {
      Files.createDirectories(dir);
      Files.setAttribute(dir, "unix:uid", uid);
      Files.setAttribute(dir, "unix:gid", uid);
      RunResult result =
          sandbox.run(
              new RunRequest(
                  List.of("/bin/sh", "-c", "echo ok; id -u"),
                  dir,
                  true,
                  null,
                  limits.runDefaults(),
                  List.of(),
                  Map.of()));
      String out = new String(result.stdout(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (!result.succeeded() || !out.startsWith("ok")) {
        throw new SandboxException(
            "sandbox self-test failed: "
                + result.termination()
                + " exit "
                + result.exitCode()
                + ", stderr: "
                + new String(result.stderr(), java.nio.charset.StandardCharsets.UTF_8).trim(),
            false,
            null);
      }
      String[] lines = out.split("\n");
      if (lines.length < 2 || lines[1].trim().equals("0")) {
        throw new SandboxException("sandbox self-test ran as root; refusing to grade", false, null);
      }
      if (result.peakMemoryBytes() <= 0) {
        throw new SandboxException(
            "sandbox self-test measured no memory: the memory cgroup is not accounting",
            false,
            null);
      }
    } catch (IOException e) {
      throw new SandboxException("sandbox self-test could not prepare " + dir + ": " + e, false, e);
    } catch (SandboxException e) {
      if (!e.retryable()) {
        throw e;
      }
      throw new SandboxException("sandbox self-test failed: " + e.getMessage(), false, e);
    }
  }
}
