package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SeccompPolicyTest {
  private static final Pattern DEFINE =
      Pattern.compile("#define __NR(?:3264)?_(\\w+)\\s+(\\d+)", Pattern.MULTILINE);

  /** The system call numbers a kernel header defines, by name. */
  private static Map<String, Integer> numbersIn(String header) throws IOException {
    Map<String, Integer> numbers = new HashMap<>();
    Matcher m = DEFINE.matcher(Files.readString(Path.of(header)));
    while (m.find()) {
      numbers.putIfAbsent(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertThat(numbers).as(header).hasSizeGreaterThan(200);
    return numbers;
  }

  @Test
  void every_rule_names_the_numbers_of_the_kernels_headers_on_both_architectures()
      throws IOException {
    Map<String, Integer> x8664 = numbersIn("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    // why: aarch64 uses the kernel's generic table.
    Map<String, Integer> aarch64 = numbersIn("/usr/include/asm-generic/unistd.h");

    for (SeccompPolicy.Rule rule : SeccompPolicy.RULES) {
      assertThat(rule.x8664())
          .as(rule.call() + " on x86_64")
          .isEqualTo(x8664.getOrDefault(rule.call(), -1));
      assertThat(rule.aarch64())
          .as(rule.call() + " on aarch64")
          .isEqualTo(aarch64.getOrDefault(rule.call(), -1));
    }
  }

  @Test
  void the_filter_checks_the_architecture_first_and_allows_what_no_rule_matches() {
    byte[] program = SeccompPolicy.program(SeccompPolicy.Arch.X86_64);

    assertThat(program.length % 8).isZero();
    ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
    // ld [arch]; jeq AUDIT_ARCH_X86_64; ret KILL_PROCESS
    assertThat(code.getShort(0)).isEqualTo((short) 0x20);
    assertThat(code.getInt(4)).isEqualTo(4);
    assertThat(code.getInt(12)).isEqualTo(SeccompPolicy.AUDIT_ARCH_X86_64);
    assertThat(code.getInt(20)).isEqualTo(0x80000000);
    // ... ret ALLOW
    assertThat(code.getShort(program.length - 8)).isEqualTo((short) 0x06);
    assertThat(code.getInt(program.length - 4)).isEqualTo(0x7fff0000);
  }

  @Test
  void the_security_model_names_every_call_of_the_policy_in_its_table() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "security.md"));
    int start = doc.indexOf("## The seccomp policy");
    assertThat(start).as("the section in docs/security.md").isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    String section = doc.substring(start, end < 0 ? doc.length() : end);

    for (SeccompPolicy.Rule rule : SeccompPolicy.RULES) {
      assertThat(section).as(rule.call()).contains("`" + rule.call() + "`");
    }
  }
}
