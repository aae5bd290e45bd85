package dev.verdict.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadGenMainHelpTest {

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    int exit = LoadGenMain.commandLine().setOut(new PrintWriter(out)).execute(args);
    assertThat(exit).isZero();
    return out.toString();
  }

  @Test
  void topLevelHelpListsEverySubcommand() {
    assertThat(help("--help"))
        .startsWith("Usage: load-gen")
        .contains("run", "sweep", "check-packages", "Exit codes")
        .doesNotContain("scale", "baseline", "overhead", "fairness");
  }

  @ParameterizedTest
  @CsvSource({
    "run, --clients, --rate, --duration, --count, --workload, --poll-interval, --out",
    "sweep, --mode, --from, --step-duration, --min-gain, --latency-factor, --max-p99, --out",
    "check-packages, --url, --token, --id-prefix, --timeout, PACKAGE, partially_accepted, run_time_error"
  })
  void everySubcommandExplainsItselfAndItsOptions(
      String command, String a, String b, String c, String d, String e, String f, String g) {
    assertThat(help(command, "--help"))
        .contains("Usage: load-gen " + command)
        .contains(a, b, c, d, e, f, g)
        .contains("Example");
  }

  @Test
  void runHelpNamesEveryBuiltInWorkload() {
    assertThat(help("run", "--help"))
        .contains("python-sum", "c-sum", "cpu-bound", "tle", "hostile");
  }

  @Test
  void aBadWorkloadIsOneClearLineAndExitCodeTwo() {
    StringWriter err = new StringWriter();
    int exit =
        LoadGenMain.commandLine()
            .setErr(new PrintWriter(err))
            .execute("run", "--workload", "no-such", "--count", "1", "--clients", "1");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("load-gen: no built-in workload 'no-such'");
  }
}
