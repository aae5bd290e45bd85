package dev.verdict.worker.sandbox;

/**
 * C sources of programs that play with their run's processes, compiled on the host by {@link
 * SandboxTestSupport#compileC}.
 */
final class ProcessPrograms {
  private ProcessPrograms() {}

  /**
   * {@code late <ms>}: prints "parent" and exits at once; its child sleeps that many milliseconds,
   * then prints "child".
   */
  static final String LATE_CHILD =
      """
      #include <stdio.h>
      #include <stdlib.h>
      #include <time.h>
      #include <unistd.h>
      int main(int argc, char **argv) {
        long ms = atol(argv[1]);
        printf("parent\\n");
        fflush(stdout);
        if (fork() == 0) {
          struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
          nanosleep(&t, NULL);
          printf("child\\n");
          return 0;
        }
        return 0;
      }
      """;

  /**
   * {@code daemon}: forks twice, the grandchild in a session of its own with every descriptor
   * closed, which computes forever; prints "detached" and exits once the daemon runs.
   */
  static final String SPINNING_DAEMON =
      """
      #include <stdio.h>
      #include <sys/wait.h>
      #include <unistd.h>
      int main(void) {
        int ready[2];
        if (pipe(ready)) return 2;
        pid_t child = fork();
        if (child == 0) {
          setsid();
          if (fork() != 0) _exit(0);
          close(0);
          close(1);
          close(2);
          close(ready[0]);
          write(ready[1], "r", 1);
          close(ready[1]);
          for (volatile unsigned long n = 0;; n++) {}
        }
        close(ready[1]);
        char c;
        if (read(ready[0], &c, 1) != 1) return 3;
        waitpid(child, NULL, 0);
        puts("detached");
        return 0;
      }
      """;

  /**
   * {@code stopper spin}: sends SIGSTOP to its parent (the sandbox's init) and computes forever;
   * {@code stopper group}: stops its parent, then its whole process group, itself included.
   */
  static final String STOPPER =
      """
      #include <signal.h>
      #include <string.h>
      #include <unistd.h>
      int main(int argc, char **argv) {
        kill(getppid(), SIGSTOP);
        if (argc > 1 && !strcmp(argv[1], "group")) {
          kill(0, SIGSTOP);
          return 0;
        }
        for (volatile unsigned long n = 0;; n++) {}
      }
      """;

  /**
   * {@code litter <n>}: creates up to n empty files in /tmp and leaves them there; prints how many
   * it made and the CPU time it used itself, in milliseconds.
   */
  static final String LITTER =
      """
      #include <fcntl.h>
      #include <stdio.h>
      #include <stdlib.h>
      #include <time.h>
      #include <unistd.h>
      int main(int argc, char **argv) {
        long n = atol(argv[1]), made = 0;
        char name[32];
        for (; made < n; made++) {
          snprintf(name, sizeof name, "/tmp/f%ld", made);
          int fd = open(name, O_WRONLY | O_CREAT, 0600);
          if (fd < 0) break;
          close(fd);
        }
        struct timespec t;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        printf("%ld %.3f\\n", made, t.tv_sec * 1e3 + t.tv_nsec / 1e6);
        return 0;
      }
      """;
}
