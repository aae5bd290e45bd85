package dev.verdict.common.testing;

/**
 * A submission whose verdicts follow from its inputs alone: it echoes its input word, but prints
 * "nope" for "wrong" (a wrong answer) and exits with 3 for "crash" (a run-time error), so a test of
 * grading can read each test's expected verdict from its input.
 */
public final class EchoProgram {
  private EchoProgram() {}

  /** The program in C, answering at once. */
  public static String c() {
    return c(0);
  }

  /**
   * The program in C, pausing {@code pauseMs} before it answers, so that its tests take time and
   * parts of a submission graded on two slots at once overlap.
   */
  public static String c(int pauseMs) {
    return """
        #include <stdio.h>
        #include <string.h>
        #include <time.h>
        int main(void) {
          char w[64];
          if (scanf("%%63s", w) != 1) return 2;
          struct timespec pause = {%d, %dL};
          nanosleep(&pause, NULL);
          if (strcmp(w, "crash") == 0) return 3;
          printf("%%s\\n", strcmp(w, "wrong") == 0 ? "nope" : w);
          return 0;
        }
        """
        .formatted(pauseMs / 1000, (pauseMs % 1000) * 1_000_000L);
  }
}
