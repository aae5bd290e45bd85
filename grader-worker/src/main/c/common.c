/*
 * What the launcher's programs share: failing, checked numbers, and the steps of a run's first
 * process before the sandbox (cgroups, rlimits, dropping to the slot's uid). See verdict-launch.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "verdict-launch.h"

void fail(const char *what) {
  fprintf(stderr, "verdict-launch: %s: %s\n", what, strerror(errno));
  _exit(LAUNCH_FAILED);
}

void usage(const char *why) {
  fprintf(stderr, "verdict-launch: %s\n", why);
  _exit(LAUNCH_FAILED);
}

int status_of(int wstatus) {
  if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
  if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
  return LAUNCH_FAILED;
}

long long number_in(const char *text, long long min, long long max, const char *what) {
  char *end = NULL;
  long long value = 0;
  /* strtoll alone would take leading blanks and a sign, and say nothing of trailing text. */
  int digits = text[0] >= '0' && text[0] <= '9';
  if (digits) {
    errno = 0;
    value = strtoll(text, &end, 10);
  }
  if (!digits || errno != 0 || *end != '\0' || value < min || value > max) {
    fprintf(stderr, "verdict-launch: %s must be a number in %lld..%lld, was '%s'\n", what, min, max,
            text);
    _exit(LAUNCH_FAILED);
  }
  return value;
}

long long cpu_nanos_of(pid_t pid) {
  clockid_t clock;
  struct timespec t;
  if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &t) != 0) return 0;
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

long long status_number(const char *status, const char *key) {
  char text[1024], quoted[64];
  int fd = open(status, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return -1;
  text[n] = '\0';
  snprintf(quoted, sizeof quoted, "\"%s\"", key);
  const char *at = strstr(text, quoted);
  if (!at) return -1;
  const char *colon = strchr(at, ':');
  if (!colon) return -1;
  const char *start = colon + 1;
  while (*start == ' ') start++;
  if (*start < '0' || *start > '9') return -1;
  char *end = NULL;
  errno = 0;
  long long value = strtoll(start, &end, 10);
  if (errno != 0 || value < 0) return -1;
  if (*end != ' ' && *end != ',' && *end != '}' && *end != '\n') return -1;
  return value;
}

pid_t child_pid_in(const char *status) {
  long long pid = status_number(status, "child-pid");
  return pid > 0 && pid <= INT_MAX ? (pid_t)pid : -1;
}

void join_cgroups(const char *const *procs, int nprocs) {
  for (int p = 0; p < nprocs; p++) {
    int fd = open(procs[p], O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(procs[p]);
    /* "0" is the writer itself. */
    if (write(fd, "0\n", 2) < 0) fail(procs[p]);
    close(fd);
  }
}

void set_rlimits(const struct limit *limits, int nlimits) {
  for (int l = 0; l < nlimits; l++) {
    struct rlimit rl = {limits[l].value, limits[l].value};
    if (setrlimit(limits[l].resource, &rl) != 0) fail("setrlimit");
  }
}

void drop_to(uid_t uid, gid_t gid) {
  if (setgroups(0, NULL) != 0) fail("setgroups");
  if (setresgid(gid, gid, gid) != 0) fail("setresgid");
  if (setresuid(uid, uid, uid) != 0) fail("setresuid");
  if (getuid() == 0 || geteuid() == 0) usage("still root after setresuid");
}
