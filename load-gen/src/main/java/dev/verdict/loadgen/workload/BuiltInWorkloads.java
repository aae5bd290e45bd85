package dev.verdict.loadgen.workload;

import dev.verdict.common.message.Verdict;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workloads load-gen knows by name. Each runs against a problem of {@code examples/problems}.
 */
public final class BuiltInWorkloads {
  private static final String PYTHON_SUM =
      """
      a, b = map(int, input().split())
      print(a + b)
      """;
  private static final String C_SUM =
      """
      #include <stdio.h>
      int main(void) {
        long long a, b;
        if (scanf("%lld %lld", &a, &b) != 2) return 1;
        printf("%lld\\n", a + b);
        return 0;
      }
      """;
  private static final String PYTHON_PRIMES =
      """
      import sys
      n = int(sys.stdin.readline())
      if n < 2:
          print(0)
      else:
          sieve = bytearray([1]) * (n + 1)
          sieve[0] = sieve[1] = 0
          i = 2
          while i * i <= n:
              if sieve[i]:
                  sieve[i * i :: i] = bytes(len(range(i * i, n + 1, i)))
              i += 1
          print(sum(sieve))
      """;
  private static final String INFINITE_LOOP =
      """
      while True:
          pass
      """;
  private static final String FORK_BOMB =
      """
      import os
      while True:
          os.fork()
      """;
  private static final String MEMORY_HOG =
      """
      chunks = []
      while True:
          chunks.append(b"x" * (16 << 20))
      """;
  private static final String STDOUT_FLOOD =
      """
      import sys
      line = "x" * 65535 + "\\n"
      while True:
          sys.stdout.write(line)
      """;

  private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();
  private static final Map<String, Workload> ALL = new LinkedHashMap<>();

  static {
    add(
        "python-sum",
        "trivial Python a+b on problem sum (10 tests), ACCEPTED",
        entry("python-sum", "sum", "python3", "main.py", PYTHON_SUM, Verdict.ACCEPTED));
    add(
        "c-sum",
        "C a+b on problem sum: one gcc compile, 10 runs, ACCEPTED",
        entry("c-sum", "sum", "c", "main.c", C_SUM, Verdict.ACCEPTED));
    add(
        "cpu-bound",
        "Python sieve on problem primes (up to 10^7), ACCEPTED",
        entry("cpu-bound", "primes", "python3", "main.py", PYTHON_PRIMES, Verdict.ACCEPTED));
    add(
        "tle",
        "Python infinite loop on problem sum, TIME_LIMIT_EXCEEDED after the CPU limit",
        entry("tle", "sum", "python3", "main.py", INFINITE_LOOP, Verdict.TIME_LIMIT_EXCEEDED));
    add(
        "hostile",
        "equal mix of a fork bomb, a memory hog and a stdout flood (Python, problem sum)",
        entry(
            "hostile/fork-bomb",
            "sum",
            "python3",
            "main.py",
            FORK_BOMB,
            Verdict.RUNTIME_ERROR,
            Verdict.TIME_LIMIT_EXCEEDED,
            Verdict.MEMORY_LIMIT_EXCEEDED),
        entry(
            "hostile/memory-hog",
            "sum",
            "python3",
            "main.py",
            MEMORY_HOG,
            Verdict.MEMORY_LIMIT_EXCEEDED),
        entry(
            "hostile/stdout-flood",
            "sum",
            "python3",
            "main.py",
            STDOUT_FLOOD,
            Verdict.OUTPUT_LIMIT_EXCEEDED));
  }

  private BuiltInWorkloads() {}

  private static void add(String name, String description, WorkloadEntry... entries) {
    DESCRIPTIONS.put(name, description);
    ALL.put(name, new Workload(name, List.of(entries)));
  }

  private static WorkloadEntry entry(
      String label,
      String problem,
      String language,
      String fileName,
      String source,
      Verdict first,
      Verdict... more) {
    Set<Verdict> expect = EnumSet.of(first, more);
    return new WorkloadEntry(
        label, 1, problem, language, List.of(new SourceFileSpec(fileName, source)), expect);
  }

  /** The built-in names and what each does, in a stable order. */
  public static Map<String, String> descriptions() {
    return java.util.Collections.unmodifiableMap(DESCRIPTIONS);
  }

  /**
   * @throws WorkloadException naming the built-ins when there is none called {@code name}
   */
  public static Workload get(String name) {
    Workload workload = ALL.get(name);
    if (workload == null) {
      throw new WorkloadException(
          "no built-in workload '" + name + "'; built-ins are " + ALL.keySet());
    }
    return workload;
  }
}
