package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing of one run reaches the next run of the same slot: no process, no file in /box, /tmp or
 * /dev/shm, no System V IPC object. This is what lets the Docker sandbox keep one container per
 * slot and exec each run in it, emptied between runs; the other backends build a fresh sandbox per
 * run (SandboxCleanupIT, SandboxContractIT).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#dockerOnly")
class RunToRunIsolationIT extends SandboxTestSupport {

  /** Prints what the next run would see of this one: a lingering process, files, IPC objects. */
  private static final String LOOK =
      "grep -lx lingerer /proc/[0-9]*/comm 2>/dev/null | wc -l;"
          + " ls -A /box /tmp /dev/shm; ipcs -m -q -s | grep -c '^0x' || true";

  @Test
  void nothing_of_a_run_is_visible_to_the_next() {
    RunResult first =
        sh(
            "cp /bin/sleep /tmp/lingerer; setsid /tmp/lingerer 300 </dev/null >/dev/null 2>&1 & "
                + "echo secret > /box/left; echo secret > /dev/shm/left;"
                + " ipcmk -M 4096 >/dev/null; ipcmk -Q >/dev/null; ipcmk -S 1 >/dev/null;"
                + " while ! grep -qx lingerer /proc/[0-9]*/comm 2>/dev/null; do :; done;"
                + LOOK,
            Limits.limits().wallMs(2_000).build());
    RunResult second = sh(LOOK);

    // why: the first run sees what it left (it is stopped at its wall time limit, since a run
    // lasts until its last process), so the second run's look can tell a leak.
    assertThat(out(first)).startsWith("1\n").contains("left").contains("lingerer").endsWith("3\n");
    assertThat(second.succeeded()).as("stderr: %s", err(second)).isTrue();
    assertThat(out(second)).isEqualTo("0\n/box:\n\n/dev/shm:\n\n/tmp:\n0\n");
  }
}
