package dev.verdict.worker.sandbox;

/** C sources of the test programs, compiled on the host by {@link SandboxTestSupport#compileC}. */
final class Programs {
  private Programs() {}

  /** Reserves 2 GB without touching it, and says whether {@code malloc} gave it. */
  static final String LARGE_RESERVATION =
      """
      #include <stdio.h>
      #include <stdlib.h>
      int main(void) {
        char *p = malloc(2000000000);
        puts(p == NULL ? "malloc failed" : "malloc worked");
        return 0;
      }
      """;

  /**
   * {@code hog <processes> <mb>}: that many processes each allocate and touch that many MB, hold it
   * until all have, then exit 0.
   */
  static final String FORKING_MEMORY_HOG =
      """
      #include <stdio.h>
      #include <stdlib.h>
      #include <string.h>
      #include <unistd.h>
      #include <sys/wait.h>
      volatile char sink;
      static void hog(long mb) {
        char *p = malloc(mb << 20);
        if (!p) { perror("malloc"); exit(3); }
        memset(p, 1, mb << 20);
        for (long i = 0; i < (mb << 20); i += 4096) sink += p[i];
      }
      int main(int argc, char **argv) {
        int n = atoi(argv[1]);
        long mb = atol(argv[2]);
        int ready[2], go[2];
        if (pipe(ready) || pipe(go)) return 2;
        for (int i = 1; i < n; i++) {
          if (fork() == 0) {
            close(go[1]);
            hog(mb);
            write(ready[1], "r", 1);
            char c;
            read(go[0], &c, 1);
            _exit(0);
          }
        }
        close(go[0]);
        close(ready[1]);
        hog(mb);
        for (int i = 1; i < n; i++) {
          char c;
          if (read(ready[0], &c, 1) != 1) return 4;
        }
        close(go[1]);
        while (wait(NULL) > 0) {}
        puts("all held");
        return 0;
      }
      """;

  /** {@code hog}: allocates and touches 1 MB at a time, forever. */
  static final String MEMORY_HOG =
      """
      #include <stdlib.h>
      #include <string.h>
      volatile char sink;
      int main(void) {
        for (;;) {
          char *p = malloc(1 << 20);
          if (p) {
            memset(p, 7, 1 << 20);
            for (int i = 0; i < (1 << 20); i += 4096) sink += p[i];
          }
        }
      }
      """;

  /** {@code writer <path> <bytes>}: writes that many bytes to the file in one go per 4 KB. */
  static final String FILE_WRITER =
      """
      #include <fcntl.h>
      #include <stdlib.h>
      #include <unistd.h>
      int main(int argc, char **argv) {
        long left = atol(argv[2]);
        char buf[4096] = {0};
        int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) return 2;
        while (left > 0) {
          long n = left < 4096 ? left : 4096;
          if (write(fd, buf, n) != n) return 3;
          left -= n;
        }
        return close(fd) ? 4 : 0;
      }
      """;

  /** {@code recurse <mb>}: recurses until about that many MB of stack are in use. */
  static final String DEEP_RECURSION =
      """
      #include <stdio.h>
      #include <stdlib.h>
      #include <string.h>
      static long depth(long left) {
        volatile char frame[1024];
        memset((char *) frame, (int) left, sizeof frame);
        if (left == 0) return frame[10];
        return depth(left - 1) + frame[left % 1024];
      }
      int main(int argc, char **argv) {
        long frames = atol(argv[1]) * 1024;
        long sum = depth(frames);
        printf("depth reached\\n");
        return sum == -1 ? 1 : 0;
      }
      """;

  /** {@code overflow}: infinite recursion. */
  static final String INFINITE_RECURSION =
      """
      #include <stdio.h>
      static int down(int n) {
        volatile char frame[256];
        frame[0] = (char) n;
        return down(n + 1) + frame[0];
      }
      int main(void) {
        printf("%d\\n", down(0));
        return 0;
      }
      """;

  /** {@code spin}: one busy thread per CPU the machine has, forever. */
  static final String BUSY_THREADS =
      """
      #include <pthread.h>
      #include <unistd.h>
      static void *spin(void *arg) {
        volatile unsigned long n = 0;
        for (;;) n++;
        return arg;
      }
      int main(void) {
        long cpus = sysconf(_SC_NPROCESSORS_CONF);
        for (long i = 1; i < cpus; i++) {
          pthread_t t;
          pthread_create(&t, NULL, spin, NULL);
        }
        spin(NULL);
        return 0;
      }
      """;

  /**
   * Makes the sandbox's init (pid 1 of its PID namespace, bubblewrap's, which runs as the same uid)
   * spin forever in its place through ptrace, then exits at once: CPU time the program would like
   * not to be charged for. Exit 3 when init cannot be traced.
   */
  static final String HIJACK_INIT =
      """
      #include <stdio.h>
      #include <sys/ptrace.h>
      #include <sys/user.h>
      #include <sys/wait.h>
      int main(void) {
        if (ptrace(PTRACE_ATTACH, 1, 0, 0) != 0) { perror("attach"); return 3; }
        if (waitpid(1, NULL, __WALL) != 1) { perror("waitpid"); return 3; }
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, 1, 0, &regs) != 0) { perror("getregs"); return 3; }
        long word = ptrace(PTRACE_PEEKTEXT, 1, (void *)regs.rip, 0);
        /* jmp $ (eb fe) where init stands, and no restart of the system call it was in */
        word = (word & ~0xffffL) | 0xfeebL;
        if (ptrace(PTRACE_POKETEXT, 1, (void *)regs.rip, (void *)word) != 0) { perror("poke"); return 3; }
        regs.orig_rax = -1;
        if (ptrace(PTRACE_SETREGS, 1, 0, &regs) != 0) { perror("setregs"); return 3; }
        if (ptrace(PTRACE_DETACH, 1, 0, 0) != 0) { perror("detach"); return 3; }
        puts("init spins");
        return 0;
      }
      """;
}
