/*
 * One run: verdict-launch --uid N --gid N --status FILE [--procs FILE]... [--rlimit NAME=VALUE]...
 *                         [--netns FILE] [--stdin FILE] [--own-cpu FILE] [--seccomp FILE]
 *                         -- BWRAP [ARGS...]
 *          verdict-launch ... --builtin ROOT ... -- [BUBBLEWRAP OPTIONS...] -- COMMAND [ARGS...]
 *
 * Started by the worker once per run (worker.launcher: native), or forked by the slot's spawner
 * (spawner.c) for each run, it goes through these steps:
 *
 * 1. Dies with the worker thread that started it (parent-death signal). With --stdin, makes a sealed
 *    in-memory copy of that file its stdin, so no host path shows in /proc/self/fd/0. With --netns, enters that
 *    network namespace (the slot's own, empty and with its loopback down), so bubblewrap need not
 *    create and destroy one per run.
 * 2. Becomes a child subreaper and forks the run's first process, which joins the run's cgroups (so
 *    every process of the run is limited and measured there), sets the rlimits, opens bubblewrap's
 *    status file as fd 3 and the seccomp filter (--seccomp FILE, for bubblewrap's --seccomp 8) as
 *    fd 8, drops to the slot's uid and gid with no supplementary groups (which also
 *    drops every capability), dies with the launcher and execs bubblewrap, with no environment
 *    and its options in a sealed memfd (--args 7), so that its command line, which a program can
 *    read as pid 1's, shows nothing of the host.
 * 3. Waits until it has no child left. Bubblewrap's monitor exits as soon as its init reports the
 *    program's exit status, before that init is reaped; the init (which the worker does not tie to
 *    the monitor's life, --die-with-parent, so that it waits for every process the program left
 *    in its namespace) and whatever of the run was orphaned when the worker killed the run's
 *    cgroups at a limit are then adopted here and reaped. So a run lasts until every process of it
 *    has ended. Nothing of the run outlives this program, not even a zombie, and one process fewer
 *    is created per run than with a PID namespace and a reaper of the launcher's own.
 * 4. With --own-cpu, writes to FILE the CPU time in nanoseconds that the sandbox's own processes
 *    used: bubblewrap's monitor (this program's child, from the moment it joined the run's
 *    cgroups) and its init (the "child-pid" of the status file), which build the sandbox, start
 *    the program and tear the sandbox down. Each is read from the process's CPU clock while it is
 *    a zombie, before it is reaped, so it holds the whole of its life and nothing of its
 *    children's; the init's counts up to three times the monitor's (see below). The worker
 *    subtracts it from the cgroups' figure, so that a run's CPU time is the program's own (about
 *    4 ms of kernel work per run otherwise, more with the other cores busy).
 *
 * With --builtin, this program builds the sandbox itself instead of running bubblewrap
 * (builtin.c): the arguments after the first -- are the bubblewrap options the worker uses, with
 * the same meaning, and the command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "verdict-launch.h"

/* How many times the monitor's CPU time the init's may count as the sandbox's own, at most. Keep
 * in step with dev.verdict.worker.sandbox.SandboxOwnCpu.INIT_BOUND. */
#define OWN_CPU_INIT_BOUND 3

/* The fd from which bubblewrap reads its arguments (--args); 3 is its status, 8 its filter. */
#define ARGS_FD 7
#define ARGS_FD_TEXT "7"

/* A run's options, as the worker gives them. */
struct launch_options {
  uid_t uid;
  gid_t gid;
  const char *status;       /* the sandbox's JSON status, fd 3 of bubblewrap */
  const char *netns;        /* the slot's network namespace to enter, or NULL */
  const char *input;        /* the run's stdin, or NULL to keep this program's */
  const char *own_cpu;      /* where to write the sandbox's own CPU time, or NULL */
  const char *seccomp;      /* the sandbox's seccomp filter, fd 8 of bubblewrap, or NULL */
  const char *builtin_root; /* where the built-in sandbox builds its root, or NULL for bubblewrap */
  const char *procs[MAX_PROCS];
  int nprocs;
  struct limit limits[MAX_RLIMITS];
  int nlimits;
  int command_argc; /* what follows the first --: bubblewrap, or the built-in sandbox's options */
  char **command;
};

static int resource_named(const char *name) {
  if (!strcmp(name, "cpu")) return RLIMIT_CPU;
  if (!strcmp(name, "fsize")) return RLIMIT_FSIZE;
  if (!strcmp(name, "nofile")) return RLIMIT_NOFILE;
  if (!strcmp(name, "stack")) return RLIMIT_STACK;
  if (!strcmp(name, "nproc")) return RLIMIT_NPROC;
  if (!strcmp(name, "core")) return RLIMIT_CORE;
  if (!strcmp(name, "as")) return RLIMIT_AS;
  usage("unknown rlimit");
}

/* Reads the options; argv[0] is not looked at. Stops the launch when one is unknown, lacks its
 * value or has a value out of its range, or when a needed one is missing. */
static void parse_options(int argc, char **argv, struct launch_options *o) {
  memset(o, 0, sizeof *o);
  long long uid = 0, gid = 0;
  int i = 1;
  for (; i < argc; i++) {
    const char *name = argv[i];
    if (!strcmp(name, "--")) {
      i++;
      break;
    }
    if (i + 1 >= argc) usage("option without a value");
    char *value = argv[++i];
    if (!strcmp(name, "--uid")) {
      uid = number_in(value, 1, INT_MAX, "--uid");
    } else if (!strcmp(name, "--gid")) {
      gid = number_in(value, 1, INT_MAX, "--gid");
    } else if (!strcmp(name, "--status")) {
      o->status = value;
    } else if (!strcmp(name, "--netns")) {
      o->netns = value;
    } else if (!strcmp(name, "--stdin")) {
      o->input = value;
    } else if (!strcmp(name, "--own-cpu")) {
      o->own_cpu = value;
    } else if (!strcmp(name, "--seccomp")) {
      o->seccomp = value;
    } else if (!strcmp(name, "--builtin")) {
      o->builtin_root = value;
    } else if (!strcmp(name, "--procs")) {
      if (o->nprocs == MAX_PROCS) usage("too many --procs");
      o->procs[o->nprocs++] = value;
    } else if (!strcmp(name, "--rlimit")) {
      char *eq = strchr(value, '=');
      if (!eq || o->nlimits == MAX_RLIMITS) usage("bad --rlimit");
      *eq = '\0';
      struct limit *l = &o->limits[o->nlimits++];
      l->resource = resource_named(value);
      l->value = (rlim_t)number_in(eq + 1, 0, LLONG_MAX, "an --rlimit value");
    } else {
      fprintf(stderr, "verdict-launch: unknown option %s\n", name);
      _exit(LAUNCH_FAILED);
    }
  }
  if (i >= argc || uid == 0 || gid == 0 || !o->status) {
    usage("need --uid, --gid, --status and a command after --");
  }
  o->uid = (uid_t)uid;
  o->gid = (gid_t)gid;
  o->command_argc = argc - i;
  o->command = argv + i;
}

/* Writes a number and a newline to a new file (only the worker reads it). */
static void write_number(const char *path, long long value) {
  char text[32];
  int len = snprintf(text, sizeof text, "%lld\n", value);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail(path);
  if (write(fd, text, (size_t)len) != len) fail(path);
  close(fd);
}

/* The run's stdin: a sealed in-memory copy of a regular file, so that nothing of the host's path
 * to it (the cache's, with the input's SHA-256) shows through /proc/self/fd/0, and the program can
 * neither change it nor grow it. Anything else (a pipe of an interactive run) is handed as is. */
static int sealed_copy(const char *path) {
  int in = open(path, O_RDONLY | O_CLOEXEC);
  if (in < 0) fail(path);
  struct stat st;
  if (fstat(in, &st) != 0) fail(path);
  if (!S_ISREG(st.st_mode)) return in;
  int fd = memfd_create("stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) fail("memfd_create");
  for (off_t left = st.st_size; left > 0;) {
    ssize_t n = sendfile(fd, in, NULL, (size_t)(left < (1 << 30) ? left : (1 << 30)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("sendfile");
    if (n == 0) break;
    left -= n;
  }
  close(in);
  if (lseek(fd, 0, SEEK_SET) != 0) fail("lseek");
  if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    fail("fcntl(F_ADD_SEALS)");
  }
  return fd;
}

/* Bubblewrap's options in a sealed memfd that it reads (and closes) with --args, so that its
 * command line (pid 1 inside the sandbox, readable there through /proc/1/cmdline) shows nothing of
 * the host's paths; returns the fd. */
static int arguments_file(int argc, char **argv) {
  int fd = memfd_create("bwrap-args", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) fail("memfd_create");
  for (int a = 0; a < argc; a++) {
    const char *p = argv[a];
    size_t len = strlen(p) + 1;
    while (len > 0) {
      ssize_t n = write(fd, p, len);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("write");
      p += n;
      len -= (size_t)n;
    }
  }
  if (lseek(fd, 0, SEEK_SET) != 0) fail("lseek");
  if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    fail("fcntl(F_ADD_SEALS)");
  }
  return fd;
}

/* Forks the run's first process, which execs bubblewrap as the slot's uid; returns its pid. */
static pid_t start_bubblewrap(const struct launch_options *o) {
  pid_t launcher = getpid();
  pid_t run = fork();
  if (run != 0) return run;
  join_cgroups(o->procs, o->nprocs);
  set_rlimits(o->limits, o->nlimits);
  int fd = open(o->status, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) fail(o->status);
  if (fd != 3) {
    if (dup2(fd, 3) < 0) fail("dup2");
    close(fd);
  }
  if (o->seccomp) {
    fd = open(o->seccomp, O_RDONLY);
    if (fd < 0) fail(o->seccomp);
    if (fd != 8) {
      if (dup2(fd, 8) < 0) fail("dup2");
      close(fd);
    }
  }
  /* Bubblewrap's options go through --args; the command (what the program sees as its own argv
   * anyway) stays on the command line, where bubblewrap wants it. */
  int options = 1;
  while (options < o->command_argc && strcmp(o->command[options], "--") != 0) options++;
  if (options == o->command_argc) usage("no -- between bubblewrap's options and the command");
  fd = arguments_file(options - 1, o->command + 1);
  if (fd != ARGS_FD) {
    if (dup2(fd, ARGS_FD) < 0) fail("dup2");
    close(fd);
  }
  drop_to(o->uid, o->gid);
  /* Changing the uid cleared the parent-death signal; the launcher may have died meanwhile. */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != launcher) _exit(LAUNCH_FAILED);
  char **bwrap = calloc((size_t)(o->command_argc - options + 4), sizeof *bwrap);
  if (!bwrap) fail("calloc");
  bwrap[0] = o->command[0];
  bwrap[1] = "--args";
  bwrap[2] = ARGS_FD_TEXT;
  for (int a = options; a < o->command_argc; a++) bwrap[3 + a - options] = o->command[a];
  /* Nothing of the worker's environment: bubblewrap's init runs as the slot's uid, and its
   * environment would be readable inside through /proc/1/environ. */
  char *no_environment[] = {NULL};
  execve(o->command[0], bwrap, no_environment);
  fail(o->command[0]);
}

int launch(int argc, char **argv) {
  static struct launch_options o;
  parse_options(argc, argv, &o);

  pid_t parent = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != parent) _exit(LAUNCH_FAILED);
  if (o.input) {
    int fd = sealed_copy(o.input);
    if (dup2(fd, 0) < 0) fail("dup2");
    close(fd);
  }
  if (o.netns) {
    int fd = open(o.netns, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(o.netns);
    if (setns(fd, CLONE_NEWNET) != 0) fail("setns(CLONE_NEWNET)");
    close(fd);
  }
  /* The launcher adopts every orphan of the run (bubblewrap's processes when its monitor is
   * killed), so that it reaps them all before it exits. */
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) fail("prctl(PR_SET_CHILD_SUBREAPER)");
  pid_t run;
  if (o.builtin_root) {
    struct run_settings rs = {o.procs, o.nprocs, o.limits, o.nlimits, o.uid, o.gid, o.seccomp};
    run = start_builtin(o.command_argc, o.command, o.builtin_root, &rs, o.status, o.netns != NULL);
  } else {
    run = start_bubblewrap(&o);
  }
  if (run < 0) fail("fork");
  int run_status = 0;
  pid_t init = 0;
  long long monitor_nanos = 0, init_nanos = 0;
  for (;;) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    /* Leave the child a zombie until its CPU time is read. */
    if (waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) != 0) {
      if (errno == EINTR) continue;
      if (errno == ECHILD) break;
      fail("waitid");
    }
    pid_t done = info.si_pid;
    if (o.own_cpu && o.builtin_root) {
      /* The init is this program's child and the only process of the sandbox's own. */
      if (done == run) monitor_nanos = cpu_nanos_of(done);
    } else if (o.own_cpu) {
      /* The monitor wrote its init's pid before anything else; only after the monitor is gone
       * can the init or any other process of the run be adopted and end here. */
      if (done != run && init == 0) init = child_pid_in(o.status);
      if (done == run) monitor_nanos = cpu_nanos_of(done);
      if (done == init) init_nanos = cpu_nanos_of(done);
    }
    int wstatus;
    while (waitpid(done, &wstatus, 0) < 0) {
      if (errno != EINTR) fail("waitpid");
    }
    if (done == run) run_status = wstatus;
  }
  if (o.own_cpu && o.builtin_root) {
    /* The built-in init's exit tears down the sandbox, the files the program left included:
     * counted as the sandbox's own up to what the init used before (building the root costs
     * about what tearing it down does), the rest is the program's. */
    long long before = status_number(o.status, "init-cpu");
    long long teardown = before < 0 ? 0 : monitor_nanos - before;
    if (before >= 0 && teardown > before) monitor_nanos = before + before;
    write_number(o.own_cpu, monitor_nanos);
  } else if (o.own_cpu) {
    /* The program shares its PID namespace and uid with the init and can make it work for it (the
     * teardown of whatever it left; tracing it is refused by the seccomp filter); the monitor is
     * beyond its reach. The init's share is bounded by the monitor's: it
     * does a similar amount of work (1.2 to 1.6 times the monitor's, measured), so a program can
     * hide at most a few milliseconds of its own there. */
    long long bound = OWN_CPU_INIT_BOUND * monitor_nanos;
    write_number(o.own_cpu, monitor_nanos + (init_nanos < bound ? init_nanos : bound));
  }
  return status_of(run_status);
}

/* The process's own argument strings, which a run's built-in init hides (hide_arguments). */
static char *argument_area;
static size_t argument_area_len;

void hide_arguments(void) {
  static const char name[] = "verdict-init";
  if (argument_area_len == 0) return;
  memset(argument_area, 0, argument_area_len);
  memcpy(argument_area, name, argument_area_len < sizeof name ? argument_area_len - 1 : sizeof name);
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--serve")) return serve();
  /* The options are read from copies: the built-in init, a clone of this process and pid 1 of the
   * sandbox, wipes the originals, which any process may read through /proc/1/cmdline. */
  argument_area = argv[0];
  argument_area_len = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
  char **copy = calloc((size_t)argc + 1, sizeof *copy);
  if (!copy) fail("calloc");
  for (int a = 0; a < argc; a++) {
    copy[a] = strdup(argv[a]);
    if (!copy[a]) fail("strdup");
  }
  return launch(argc, copy);
}
