package dev.verdict.system;

/** Solutions to the {@code sum} example problem, right and wrong in every way, per language. */
final class Programs {
  private Programs() {}

  static final String PY_ACCEPTED = "a, b = map(int, input().split())\nprint(a + b)\n";
  static final String PY_WRONG = "a, b = map(int, input().split())\nprint(a - b)\n";
  static final String PY_SLOW = "while True:\n    pass\n";
  static final String PY_CRASH = "a, b = map(int, input().split())\nprint(a // 0)\n";
  static final String PY_MEMORY = "big = [0] * 200_000_000\nprint(len(big))\n";

  /**
   * A fork bomb that outlives its failed forks: the run's process limit refuses more processes, so
   * it ends at its time limit (the cgroups' whole CPU time, or the wall time on a busy host).
   */
  static final String PY_FORK_BOMB =
      """
      import os
      while True:
          try:
              os.fork()
          except OSError:
              pass
      """;

  /** Writes standard output without end: stopped at the output limit. */
  static final String PY_OUTPUT_FLOOD =
      """
      import sys
      line = "x" * 65535 + "\\n"
      while True:
          sys.stdout.write(line)
      """;

  /**
   * Right, with about 0.1 s of CPU per test on top of the interpreter's start: each submission (ten
   * tests) takes ~1.5 s.
   */
  static final String PY_BUSY_SUM =
      """
      import time
      a, b = map(int, input().split())
      start = time.process_time()
      while time.process_time() - start < 0.1:
          pass
      print(a + b)
      """;

  /** As {@link #PY_BUSY_SUM}, but wrong. */
  static final String PY_BUSY_WRONG = PY_BUSY_SUM.replace("a + b", "a - b");

  /** Right, with about 0.6 s of CPU per test: a run long enough to be caught in the middle. */
  static final String PY_SLOW_SUM = PY_BUSY_SUM.replace("< 0.1", "< 0.6");

  static final String C_ACCEPTED =
      """
      #include <stdio.h>
      int main(void) {
        long long a, b;
        if (scanf("%lld %lld", &a, &b) != 2) return 1;
        printf("%lld\\n", a + b);
        return 0;
      }
      """;
  static final String C_WRONG =
      """
      #include <stdio.h>
      int main(void) {
        long long a, b;
        if (scanf("%lld %lld", &a, &b) != 2) return 1;
        printf("%lld\\n", a * b);
        return 0;
      }
      """;
  static final String C_SLOW =
      """
      int main(void) {
        volatile unsigned long x = 0;
        for (;;) x++;
      }
      """;
  static final String C_BROKEN = "int main(void) { return undeclared_variable; }\n";
  static final String C_CRASH =
      """
      #include <stdlib.h>
      int main(void) { abort(); }
      """;

  /** Jobe's test of its memory limit: reserves 2 GB, uses none of it. */
  static final String C_RESERVE_2GB =
      """
      #include <stdio.h>
      #include <stdlib.h>
      int main(void) {
        char *p = malloc(2000000000);
        printf(p == NULL ? "Memory limit worked\\n" : "Oh dear, the malloc worked\\n");
        return 0;
      }
      """;

  /**
   * Four children that use 40 MB each and wait; the program ends when the first of them does (the
   * memory limit's OOM kill, with 64 MB for the run).
   */
  static final String C_FORKING_MEMORY =
      """
      #include <stdlib.h>
      #include <string.h>
      #include <unistd.h>
      #include <sys/wait.h>
      int main(void) {
        for (int i = 0; i < 4; i++) {
          if (fork() == 0) {
            char *p = malloc(40 << 20);
            if (p == NULL) return 2;
            memset(p, 1, 40 << 20);
            pause();
          }
        }
        wait(NULL);
        return 0;
      }
      """;

  /** Jobe's forking test: children that spin forever, and OK when 6 to 20 forks succeeded. */
  static final String C_FORKS_SPINNING_CHILDREN =
      """
      #include <unistd.h>
      #include <stdio.h>
      int main(void) {
        int successes = 0, failures = 0;
        for (int i = 0; i < 1000; i++) {
          int pid = fork();
          if (pid == -1) failures += 1;
          else if (pid == 0) { while (1) {} }
          else successes += 1;
        }
        if (successes > 5 && successes <= 20) printf("OK\\n");
        else printf("%d forks succeeded, %d failed\\n", successes, failures);
        return 0;
      }
      """;

  /**
   * A Python program that writes a student's answer (its first line given by {@code %s}) to a file
   * and runs pylint on it with HOME in its own directory (where pylint keeps its statistics),
   * printing {@code Yay!} when pylint finds nothing, else pylint's first message.
   */
  static final String PYTHON_RUNS_PYLINT =
      """
      import os
      import subprocess
      with open('source.py', 'w') as source:
          source.write('%s\\nGLOBAL = 20\\nprint("GLOBAL =", GLOBAL)\\n')
      env = os.environ.copy()
      os.mkdir('Home')
      env['HOME'] = os.getcwd() + '/Home'
      pylint = subprocess.run(['pylint', '--reports=no', '--score=no', 'source.py'],
          capture_output=True, text=True, env=env)
      print('Yay!' if pylint.returncode == 0 else pylint.stdout.split('\\n')[1], end='\\n')
      """;

  static final String C_MEMORY =
      """
      #include <stdio.h>
      #include <stdlib.h>
      int main(void) {
        size_t n = (size_t)1 << 30;
        volatile char *p = malloc(n);
        if (!p) return 2;
        for (size_t i = 0; i < n; i += 4096) p[i] = 1;
        long sum = 0;
        for (size_t i = 0; i < n; i += 4096) sum += p[i];
        printf("%ld\\n", sum);
        return 0;
      }
      """;

  static final String CPP_ACCEPTED =
      """
      #include <iostream>
      int main() {
        long long a, b;
        std::cin >> a >> b;
        std::cout << a + b << std::endl;
      }
      """;
  static final String CPP_WRONG =
      """
      #include <iostream>
      int main() {
        long long a, b;
        std::cin >> a >> b;
        std::cout << a + b + 1 << std::endl;
      }
      """;
  static final String CPP_SLOW =
      """
      int main() {
        volatile unsigned long x = 0;
        for (;;) x++;
      }
      """;
  static final String CPP_BROKEN = "int main() { std::vector<int> v; }\n";
  static final String CPP_CRASH =
      """
      #include <vector>
      #include <stdexcept>
      int main() { throw std::runtime_error("boom"); }
      """;
  static final String CPP_MEMORY =
      """
      #include <vector>
      #include <iostream>
      int main() {
        std::vector<long long> v(200000000, 7);
        std::cout << v.back() << std::endl;
      }
      """;

  static final String JAVA_ACCEPTED =
      """
      import java.util.Scanner;
      public class Main {
        public static void main(String[] args) {
          Scanner in = new Scanner(System.in);
          long a = in.nextLong(), b = in.nextLong();
          System.out.println(a + b);
        }
      }
      """;

  /** Accepted too, but submitted as {@code solution.java}: the file is renamed after its class. */
  static final String JAVA_ACCEPTED_OTHER_CLASS =
      """
      import java.io.*;
      public class Adder {
        public static void main(String[] args) throws IOException {
          String[] parts = new BufferedReader(new InputStreamReader(System.in)).readLine().trim().split("\\\\s+");
          System.out.println(Long.parseLong(parts[0]) + Long.parseLong(parts[1]));
        }
      }
      """;

  static final String JAVA_WRONG =
      """
      public class Main {
        public static void main(String[] args) {
          System.out.println(42);
        }
      }
      """;
  static final String JAVA_SLOW =
      """
      public class Main {
        public static void main(String[] args) {
          long x = 0;
          while (true) { x++; if (x == Long.MIN_VALUE) System.out.println(x); }
        }
      }
      """;
  static final String JAVA_BROKEN =
      """
      public class Main {
        public static void main(String[] args) {
          System.out.println("missing semicolon")
        }
      }
      """;
  static final String JAVA_CRASH =
      """
      public class Main {
        public static void main(String[] args) {
          throw new IllegalStateException("boom");
        }
      }
      """;
  static final String JAVA_MEMORY =
      """
      import java.util.ArrayList;
      import java.util.List;
      public class Main {
        public static void main(String[] args) {
          List<long[]> blocks = new ArrayList<>();
          while (true) blocks.add(new long[1 << 20]);
        }
      }
      """;
}
