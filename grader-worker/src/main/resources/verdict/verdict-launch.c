/*
 * verdict-launch: starts one sandboxed run for the Verdict grader worker.
 *
 * It replaces a chain of setpriv, unshare, sh and setpriv with one small static program, because
 * every exec of that chain cost about a millisecond per run. The worker compiles it at start-up.
 *
 *   verdict-launch --uid N --gid N --status FILE [--procs FILE]... [--rlimit NAME=VALUE]...
 *                  [--netns FILE] [--stdin FILE] [--own-cpu FILE] -- BWRAP [ARGS...]
 *   verdict-launch --serve
 *
 * The first form starts one run. The second is the spawner: a process the worker starts once per
 * slot and that starts every run of the slot, so that the worker's JVM creates no process per run
 * (starting one from Java costs an exec of its jspawnhelper besides this program's own). Protocol,
 * on the spawner's stdin and stdout:
 *
 *   request   the number of arguments in decimal, then each argument of the first form after the
 *             program name, every field ended by a NUL byte
 *   answer    frames of a type byte, a 4-byte big-endian length and that many bytes: 'o' a chunk of
 *             the run's stdout, 'e' of its stderr, then 'x' with the run's exit status as a 4-byte
 *             big-endian number, sent once both outputs are closed and the run is reaped
 *
 * One run at a time; the next request is read after the 'x' frame. The spawner ends at the end of
 * its stdin, or with the thread that started it. Every run goes through the same steps as the
 * first form, in a child of the spawner with the run's pipes as stdout and stderr:
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
 * 4. With --own-cpu, writes to FILE the CPU time in nanoseconds that the sandbox's own processes
 *    used: bubblewrap's monitor (this program's child, from the moment it joined the run's
 *    cgroups) and its init (the "child-pid" of the status file), which build the sandbox, start
 *    the program and tear the sandbox down. Each is read from the process's CPU clock while it is
 *    a zombie, before it is reaped, so it holds the whole of its life and nothing of its
 *    children's; the init's counts up to three times the monitor's (see below). The worker
 *    subtracts it from the cgroups' figure, so that a run's CPU time is the program's own (about
 *    4 ms of kernel work per run otherwise, more with the other cores busy).
 *
 * Exit status: the run's (128 + n when killed by signal n); 125 when the launch itself failed,
 * with the reason on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LAUNCH_FAILED 125
#define MAX_PROCS 8
#define MAX_RLIMITS 8
#define MAX_REQUEST_ARGS 4096
#define MAX_REQUEST_BYTES (4 * 1024 * 1024)
/* How many times the monitor's CPU time the init's may count as the sandbox's own, at most. */
#define OWN_CPU_INIT_BOUND 3

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

/* The CPU time a process (a zombie not yet reaped, here) used itself, without its children's. */
static long long cpu_nanos_of(pid_t pid) {
  clockid_t clock;
  struct timespec t;
  if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &t) != 0) return 0;
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The "child-pid" bubblewrap wrote to its status file: its init's pid; -1 when there is none. */
static pid_t child_pid_in(const char *status) {
  char text[512];
  int fd = open(status, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return -1;
  text[n] = '\0';
  const char *key = strstr(text, "\"child-pid\"");
  if (!key) return -1;
  const char *colon = strchr(key, ':');
  if (!colon) return -1;
  long pid = strtol(colon + 1, NULL, 10);
  return pid > 0 ? (pid_t)pid : -1;
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

/* Starts one run (the first form) and returns its exit status; argv[0] is not looked at. */
static int launch(int argc, char **argv) {
  const char *procs[MAX_PROCS];
  int nprocs = 0;
  struct limit limits[MAX_RLIMITS];
  int nlimits = 0;
  long uid = -1, gid = -1;
  const char *status = NULL;
  const char *netns = NULL;
  const char *input = NULL;
  const char *own_cpu = NULL;
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
    } else if (!strcmp(argv[i], "--stdin")) {
      input = argv[++i];
    } else if (!strcmp(argv[i], "--own-cpu")) {
      own_cpu = argv[++i];
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
  if (input) {
    int fd = open(input, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(input);
    if (dup2(fd, 0) < 0) fail("dup2");
    close(fd);
  }
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
    if (own_cpu) {
      /* The monitor wrote its init's pid before anything else; only after the monitor is gone
       * can the init or any other process of the run be adopted and end here. */
      if (done != run && init == 0) init = child_pid_in(status);
      if (done == run) monitor_nanos = cpu_nanos_of(done);
      if (done == init) init_nanos = cpu_nanos_of(done);
    }
    int wstatus;
    while (waitpid(done, &wstatus, 0) < 0) {
      if (errno != EINTR) fail("waitpid");
    }
    if (done == run) run_status = wstatus;
  }
  if (own_cpu) {
    /* The program shares its PID namespace and uid with the init and could make it work for it
     * (ptrace); the monitor is beyond its reach. The init's share is bounded by the monitor's: it
     * does a similar amount of work (1.2 to 1.6 times the monitor's, measured), so a program can
     * hide at most a few milliseconds of its own there. */
    long long bound = OWN_CPU_INIT_BOUND * monitor_nanos;
    write_number(own_cpu, monitor_nanos + (init_nanos < bound ? init_nanos : bound));
  }
  return status_of(run_status);
}

/* Buffered reading of requests from the spawner's stdin. */
static char request[MAX_REQUEST_BYTES];
static size_t request_len;

/* Reads one NUL-ended field starting at *at into the buffer; 0 at the end of stdin. */
static int read_field(size_t *at, size_t *end) {
  for (;;) {
    char *nul = memchr(request + *at, '\0', request_len - *at);
    if (nul) {
      *end = (size_t)(nul - request);
      return 1;
    }
    if (request_len == sizeof request) usage("request too long");
    ssize_t n = read(0, request + request_len, sizeof request - request_len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("read request");
    if (n == 0) {
      if (request_len > *at) usage("request cut short");
      return 0;
    }
    request_len += (size_t)n;
  }
}

static void write_all(const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(1, p, len);
    if (n < 0 && errno == EINTR) continue;
    /* The worker is gone: so is every reason to go on. */
    if (n < 0) _exit(LAUNCH_FAILED);
    p += n;
    len -= (size_t)n;
  }
}

static void frame(char type, const void *data, uint32_t len) {
  unsigned char head[5] = {(unsigned char)type, (unsigned char)(len >> 24),
                           (unsigned char)(len >> 16), (unsigned char)(len >> 8),
                           (unsigned char)len};
  write_all(head, sizeof head);
  write_all(data, len);
}

/* Sends the run's stdout and stderr as frames until both are closed by every process. */
static void relay(int out, int err) {
  static char chunk[64 * 1024];
  struct pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
  int open_pipes = 2;
  while (open_pipes > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll");
    }
    for (int k = 0; k < 2; k++) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[k].fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        frame(k == 0 ? 'o' : 'e', chunk, (uint32_t)n);
      } else {
        close(fds[k].fd);
        fds[k].fd = -1;
        open_pipes--;
      }
    }
  }
}

static int serve(void) {
  pid_t parent = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != parent) _exit(LAUNCH_FAILED);
  signal(SIGPIPE, SIG_IGN);
  static char *args[MAX_REQUEST_ARGS + 2];
  for (;;) {
    size_t at = 0, end;
    if (!read_field(&at, &end)) return 0;
    long count = strtol(request + at, NULL, 10);
    if (count < 1 || count > MAX_REQUEST_ARGS) usage("bad argument count");
    args[0] = "verdict-launch";
    at = end + 1;
    for (long a = 1; a <= count; a++) {
      if (!read_field(&at, &end)) usage("request cut short");
      args[a] = request + at;
      at = end + 1;
    }
    args[count + 1] = NULL;

    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) fail("pipe2");
    pid_t runner = fork();
    if (runner < 0) fail("fork");
    if (runner == 0) {
      int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) {
        _exit(LAUNCH_FAILED);
      }
      signal(SIGPIPE, SIG_DFL);
      _exit(launch((int)count + 1, args));
    }
    close(out[1]);
    close(err[1]);
    relay(out[0], err[0]);
    int wstatus;
    while (waitpid(runner, &wstatus, 0) < 0) {
      if (errno != EINTR) fail("waitpid");
    }
    uint32_t code = (uint32_t)status_of(wstatus);
    unsigned char status[4] = {(unsigned char)(code >> 24), (unsigned char)(code >> 16),
                               (unsigned char)(code >> 8), (unsigned char)code};
    frame('x', status, sizeof status);
    /* Keep what was read past this request for the next one. */
    memmove(request, request + at, request_len - at);
    request_len -= at;
  }
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--serve")) return serve();
  return launch(argc, argv);
}
