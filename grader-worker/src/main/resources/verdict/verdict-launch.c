/*
 * verdict-launch: starts one sandboxed run for the Verdict grader worker.
 *
 * It replaces a chain of setpriv, unshare, sh and setpriv with one small static program, because
 * every exec of that chain cost about a millisecond per run. The worker compiles it at start-up.
 *
 *   verdict-launch --uid N --gid N --status FILE [--procs FILE]... [--rlimit NAME=VALUE]...
 *                  [--netns FILE] -- BWRAP [ARGS...]
 *
 * 1. Dies with the worker thread that started it (parent-death signal). With --netns, enters that
 *    network namespace (the slot's own, empty and with its loopback down), so bubblewrap need not
 *    create and destroy one per run.
 * 2. Becomes a child subreaper and forks the run's first process, which joins the run's cgroups (so
 *    every process of the run is limited and measured there), sets the rlimits, opens bubblewrap's
 *    status file as fd 3, drops to the slot's uid and gid with no supplementary groups (which also
 *    drops every capability), dies with the launcher and execs bubblewrap.
 * 3. Waits until it has no child left. Bubblewrap's monitor exits as soon as its init reports the
 *    program's exit status, before that init is reaped; the init, and whatever of the run was
 *    orphaned when the worker killed the run's cgroups at a limit, are then adopted here and
 *    reaped. When bubblewrap's init ends, the kernel kills the rest of its PID namespace. Nothing
 *    of the run outlives this program, not even a zombie, and one process fewer is created per run
 *    than with a PID namespace and a reaper of the launcher's own.
 *
 * Exit status: the run's (128 + n when killed by signal n); 125 when the launch itself failed,
 * with the reason on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define LAUNCH_FAILED 125
#define MAX_PROCS 8
#define MAX_RLIMITS 8

static void fail(const char *what) {
  fprintf(stderr, "verdict-launch: %s: %s\n", what, strerror(errno));
  _exit(LAUNCH_FAILED);
}

static void usage(const char *why) {
  fprintf(stderr, "verdict-launch: %s\n", why);
  _exit(LAUNCH_FAILED);
}

static int status_of(int wstatus) {
  if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
  if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
  return LAUNCH_FAILED;
}

struct limit {
  int resource;
  rlim_t value;
};

static int resource_named(const char *name) {
  if (!strcmp(name, "cpu")) return RLIMIT_CPU;
  if (!strcmp(name, "fsize")) return RLIMIT_FSIZE;
  if (!strcmp(name, "nofile")) return RLIMIT_NOFILE;
  if (!strcmp(name, "stack")) return RLIMIT_STACK;
  if (!strcmp(name, "nproc")) return RLIMIT_NPROC;
  if (!strcmp(name, "core")) return RLIMIT_CORE;
  usage("unknown rlimit");
  return -1;
}

int main(int argc, char **argv) {
  const char *procs[MAX_PROCS];
  int nprocs = 0;
  struct limit limits[MAX_RLIMITS];
  int nlimits = 0;
  long uid = -1, gid = -1;
  const char *status = NULL;
  const char *netns = NULL;
  int i = 1;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if (i + 1 >= argc) usage("option without a value");
    if (!strcmp(argv[i], "--uid")) {
      uid = strtol(argv[++i], NULL, 10);
    } else if (!strcmp(argv[i], "--gid")) {
      gid = strtol(argv[++i], NULL, 10);
    } else if (!strcmp(argv[i], "--status")) {
      status = argv[++i];
    } else if (!strcmp(argv[i], "--netns")) {
      netns = argv[++i];
    } else if (!strcmp(argv[i], "--procs")) {
      if (nprocs == MAX_PROCS) usage("too many --procs");
      procs[nprocs++] = argv[++i];
    } else if (!strcmp(argv[i], "--rlimit")) {
      char *spec = argv[++i];
      char *eq = strchr(spec, '=');
      if (!eq || nlimits == MAX_RLIMITS) usage("bad --rlimit");
      *eq = '\0';
      limits[nlimits].resource = resource_named(spec);
      limits[nlimits].value = (rlim_t)strtoull(eq + 1, NULL, 10);
      nlimits++;
    } else {
      usage("unknown option");
    }
  }
  if (i >= argc || uid <= 0 || gid <= 0 || !status) {
    usage("need --uid, --gid (both > 0), --status and a command after --");
  }

  pid_t parent = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != parent) _exit(LAUNCH_FAILED);
  if (netns) {
    int fd = open(netns, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(netns);
    if (setns(fd, CLONE_NEWNET) != 0) fail("setns(CLONE_NEWNET)");
    close(fd);
  }
  /* The launcher adopts every orphan of the run (bubblewrap's processes when its monitor is
   * killed), so that it reaps them all before it exits. */
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) fail("prctl(PR_SET_CHILD_SUBREAPER)");
  pid_t launcher = getpid();
  pid_t run = fork();
  if (run < 0) fail("fork");
  if (run == 0) {
    char self[32];
    snprintf(self, sizeof self, "%d\n", 0);
    for (int p = 0; p < nprocs; p++) {
      int fd = open(procs[p], O_WRONLY | O_CLOEXEC);
      if (fd < 0) fail(procs[p]);
      if (write(fd, self, strlen(self)) < 0) fail(procs[p]);
      close(fd);
    }
    for (int l = 0; l < nlimits; l++) {
      struct rlimit rl = {limits[l].value, limits[l].value};
      if (setrlimit(limits[l].resource, &rl) != 0) fail("setrlimit");
    }
    int fd = open(status, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) fail(status);
    if (fd != 3) {
      if (dup2(fd, 3) < 0) fail("dup2");
      close(fd);
    }
    if (setgroups(0, NULL) != 0) fail("setgroups");
    if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) != 0) fail("setresgid");
    if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0) fail("setresuid");
    if (getuid() == 0 || geteuid() == 0) usage("still root after setresuid");
    /* Changing the uid cleared the parent-death signal; the launcher may have died meanwhile. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
    if (getppid() != launcher) _exit(LAUNCH_FAILED);
    execv(argv[i], argv + i);
    fail(argv[i]);
  }
  int wstatus = 0, run_status = 0;
  for (;;) {
    pid_t done = waitpid(-1, &wstatus, 0);
    if (done == run) run_status = wstatus;
    if (done < 0) {
      if (errno == EINTR) continue;
      if (errno == ECHILD) break;
      fail("waitpid");
    }
  }
  return status_of(run_status);
}
