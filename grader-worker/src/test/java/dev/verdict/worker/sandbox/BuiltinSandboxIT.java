package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** What the built-in sandbox promises besides the contracts: its init is out of reach. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#builtin")
class BuiltinSandboxIT extends SandboxTestSupport {

  @Test
  void the_program_can_neither_signal_nor_trace_nor_inspect_the_sandboxs_init() {
    RunResult result =
        sh(
            "kill -KILL 1 2>/dev/null && echo killed; kill -STOP 1 2>/dev/null && echo stopped;"
                + " cat /proc/1/environ >/dev/null 2>&1 && echo environ;"
                + " ls /proc/1/root/ >/dev/null 2>&1 && echo root;"
                + " python3 -c 'import ctypes,sys; libc=ctypes.CDLL(None);"
                + " sys.exit(0 if libc.ptrace(16, 1, 0, 0) == 0 else 1)' && echo traced;"
                + " echo end");

    assertThat(out(result)).as("stderr: %s", err(result)).isEqualTo("end\n");
  }
}
