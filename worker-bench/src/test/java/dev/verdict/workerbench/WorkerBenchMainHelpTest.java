package dev.verdict.workerbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerBenchMainHelpTest {

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    int exit = WorkerBenchMain.commandLine().setOut(new PrintWriter(out)).execute(args);
    assertThat(exit).isZero();
    return out.toString();
  }

  @Test
  void topLevelHelpListsEveryBenchmark() {
    assertThat(help("--help"))
        .startsWith("Usage: worker-bench")
        .contains("baseline", "overhead", "fairness", "root", "Exit codes");
  }

  @ParameterizedTest
  @CsvSource({
    "baseline, --cores, --system, --problems, --duration, --config, uidBase, --out",
    "overhead, --runs, --core, --work-dir, --config, --set, /bin/true, Example",
    "fairness, --runs, --steps, --work-dir, --config, --set, 5%, Example"
  })
  void everySubcommandExplainsItselfAndItsOptions(
      String command, String a, String b, String c, String d, String e, String f, String g) {
    assertThat(help(command, "--help"))
        .contains("Usage: worker-bench " + command)
        .contains(a, b, c, d, e, f, g)
        .contains("Example");
  }

  @Test
  void aBadWorkloadIsOneClearLineAndExitCodeTwo() {
    StringWriter err = new StringWriter();
    int exit =
        WorkerBenchMain.commandLine()
            .setErr(new PrintWriter(err))
            .execute("baseline", "--workload", "no-such", "--count", "1");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("worker-bench: no built-in workload 'no-such'");
  }
}
