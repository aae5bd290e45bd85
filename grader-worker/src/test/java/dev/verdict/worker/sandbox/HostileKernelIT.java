package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that go for the kernel itself: its stores that outlive a run, its system calls that no
 * judged program needs. Each is refused, and afterwards the same sandbox runs an ordinary program
 * correctly.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class HostileKernelIT extends SandboxTestSupport {

  @Test
  void a_key_stored_in_the_kernels_keyrings_is_not_found_by_a_later_run_of_any_slot()
      throws Exception {
    // why: the built-in sandbox's program runs as the slot's uid in the host's user namespace,
    // whose keyrings (the uid's, and the session keyring inherited from the worker) outlive a run.
    String keys = compileC("keys", KernelPrograms.KEYRING);
    String name = "verdict-" + UUID.randomUUID();
    Sandbox other = sandboxForSlot(1);

    RunResult store = exec(LIMITS, keys, "store", name);
    RunResult sameSlot = exec(LIMITS, keys, "find", name);
    RunResult otherSlot = other.run(request(List.of(keys, "find", name), box, false, LIMITS));

    assertThat(store.succeeded()).as("stderr: %s", err(store)).isTrue();
    assertThat(out(sameSlot)).isEqualTo("absent\n");
    assertThat(out(otherSlot)).isEqualTo("absent\n");
    assertReported(sameSlot);
    assertStillWorks();
  }
}
