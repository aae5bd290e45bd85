/*
 * run-loop: runs a command N times, one after the other, and prints the median wall time per run
 * and the CPU time per run of everything it started (a child subreaper, so processes that outlive
 * their parent, like bubblewrap's init, are reaped and counted too). Used to profile the sandbox
 * itself, without the worker around it; see docs/benchmarks.md, "The built-in sandbox".
 *
 *   gcc -O2 -o /tmp/run-loop bench/run-loop.c
 *   run-loop N COMMAND [ARGS...]
 *
 * The command runs with /dev/null as fd 3 (bubblewrap's --json-status-fd 3). Run as root, it drops
 * to uid and gid 65534 first, as the worker's launcher drops to a slot's uid before bubblewrap;
 * with RUN_LOOP_AS_ROOT set it stays root (for a launcher that needs root).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(const struct rusage *r) {
  return (r->ru_utime.tv_sec + r->ru_stime.tv_sec) * 1e3 +
         (r->ru_utime.tv_usec + r->ru_stime.tv_usec) / 1e3;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 3 || atoi(argv[1]) < 1) {
    fprintf(stderr, "usage: run-loop N COMMAND [ARGS...]\n");
    return 2;
  }
  int n = atoi(argv[1]);
  double *walls = malloc(n * sizeof *walls);
  if (!walls || prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) return 1;
  if (!getenv("RUN_LOOP_AS_ROOT") &&
      (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
       setresuid(65534, 65534, 65534) != 0)) {
    perror("run-loop: cannot drop to uid 65534");
    return 1;
  }
  for (int i = 0; i < n; i++) {
    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
      int fd = open("/dev/null", O_WRONLY);
      if (fd < 0 || dup2(fd, 3) < 0) _exit(127);
      execv(argv[2], argv + 2);
      _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || status != 0) {
      fprintf(stderr, "run-loop: run %d failed (status %d)\n", i, pid < 0 ? -1 : status);
      return 1;
    }
    while (wait(NULL) > 0 || errno == EINTR) {
    }
    walls[i] = now_ms() - start;
  }
  struct rusage children;
  getrusage(RUSAGE_CHILDREN, &children);
  qsort(walls, n, sizeof *walls, by_value);
  printf("wall p50 %.2f ms  p10 %.2f ms  CPU per run %.2f ms\n", walls[n / 2], walls[n / 10],
         cpu_ms(&children) / n);
  return 0;
}
