package dev.verdict.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadGenMainHelpTest {

  @Test
  void help_describes_the_command_and_exits_cleanly() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new LoadGenMain()).setOut(new PrintWriter(out));

    int exit = cli.execute("--help");

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("Usage: ").contains("--help");
  }
}
