/*
 * The built-in sandbox: what `verdict-launch --builtin ROOT` builds instead of running bubblewrap.
 *
 * Bubblewrap is built to be run by an unprivileged user: it execs, loads three shared libraries,
 * creates two user namespaces (one to mount in, one to lock further ones away), keeps a monitor
 * process besides its init, and reads the whole mount table back after every bind mount. That is
 * about 3 ms of CPU per run on a slow machine. The worker runs as root, so this program can make
 * the same sandbox directly, in about a third of the time:
 *
 * 1. The launcher clones the run's init into new PID, mount, IPC and UTS namespaces (and a new
 *    network namespace when asked and no slot namespace was entered), and writes its pid to the
 *    status file as bubblewrap would ("child-pid").
 * 2. The init (pid 1, root) joins the run's cgroups, then a new cgroup namespace rooted there, makes
 *    every mount private, mounts a tmpfs on ROOT and builds the root in it as the options say:
 *    read-only binds (nosuid, nodev, and read-only through every submount), writable binds,
 *    symbolic links, a fresh /proc, a minimal /dev (null, zero, full, random, urandom, tty; fd and
 *    std* links), size-capped tmpfs owned by the sandbox's uid, read-only remounts. Then it
 *    pivots into it and detaches the host's root, and sets the hostname.
 * 3. The init forks the program, which starts a new session, changes to its directory, sets the
 *    rlimits, empties the capability bounding set, drops to the slot's uid and gid (which clears
 *    every other capability), sets no_new_privs,
 *    dies with the init, runs under the seccomp filter of the worker's policy (--seccomp, which
 *    among others refuses new user namespaces, as bubblewrap's --disable-userns locks them;
 *    dev.verdict.worker.sandbox.SeccompPolicy), gets default signal handling and
 *    no inherited descriptor beyond 0-2, and execs the command with the given environment.
 * 4. The init reaps whatever ends in its namespace; when the program ends it writes "exit-code" to
 *    the status file, and when nothing is left of the run (every process the program left behind
 *    is adopted by the init) it exits with the program's status. A run whose processes outlive
 *    the program lasts until they end or the worker kills the run at a limit; with
 *    --die-with-parent (bubblewrap's init then dies with its monitor, which exits with the
 *    program) the init exits as soon as the program ends, and the kernel kills whatever was left
 *    in its PID namespace. A program cannot signal, trace or read the init: it runs as root.
 *
 * The sandbox's own CPU time (--own-cpu) is then the init's alone: building the root, starting the
 * program, reaping, tearing the namespaces down. The program can neither signal nor trace the init,
 * but it can make its exit work: the files it leaves on its tmpfs are freed when the init's exit
 * drops the last reference to the run's mount namespace (60,000 files cost about 75 ms). So the
 * init writes what it used until the run's last process ended ("init-cpu"), and the launcher
 * counts its exit as the sandbox's own up to that much, no more (see launch.c).
 *
 * The options are the bubblewrap options the worker uses, with the same meaning
 * (dev.verdict.worker.sandbox.BubblewrapOptions); anything else is refused, never ignored.
 *
 * Why one file of over 400 lines: it is one program, whose parts (the options, the root, the
 * program's restrictions, the init) share the parsed options and nothing else uses them; the
 * sandbox's whole surface is read here in one place.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "verdict-launch.h"

#define MAX_OPS 1024

enum op_kind { OP_BIND, OP_RO_BIND, OP_RO_BIND_TRY, OP_SYMLINK, OP_PROC, OP_DEV, OP_TMPFS, OP_REMOUNT_RO };

struct op {
  enum op_kind kind;
  const char *source; /* bind source, or symlink target */
  const char *dest;   /* inside the sandbox, absolute */
  long long size;     /* tmpfs size in bytes, or 0 for the kernel's default */
};

/* The sandbox as the options describe it. */
struct spec {
  struct op ops[MAX_OPS];
  int nops;
  int new_net;
  int new_session;
  int ends_with_program; /* the run ends when the program does (--die-with-parent) */
  int disable_userns;
  int seccomp;
  const char *hostname;
  const char *chdir;
  int clearenv;
  char *env[MAX_OPS + 2];
  int nenv;
  char **command;
};

/* Whether a path has a ".." component. */
static int has_dot_dot(const char *path) {
  for (const char *p = strstr(path, ".."); p; p = strstr(p + 1, "..")) {
    if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/')) return 1;
  }
  return 0;
}

/* The bubblewrap options the worker uses; anything else is refused, never ignored. */
static void parse_spec(int argc, char **argv, struct spec *sp) {
  long long size = 0;
  int i = 0;
  memset(sp, 0, sizeof *sp);
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      i++;
      break;
    }
    if (sp->nops == MAX_OPS || sp->nenv == MAX_OPS) usage("too many sandbox options");
#define NEED(n) \
  if (i + (n) >= argc) usage("sandbox option without its value")
    if (!strcmp(a, "--unshare-all") || !strcmp(a, "--unshare-net")) {
      sp->new_net = 1;
    } else if (!strcmp(a, "--unshare-user") || !strcmp(a, "--unshare-ipc") ||
               !strcmp(a, "--unshare-pid") || !strcmp(a, "--unshare-uts") ||
               !strcmp(a, "--unshare-cgroup")) {
      /* Always so here: no user namespace is needed by root, the rest is always new. */
    } else if (!strcmp(a, "--die-with-parent")) {
      /* Bubblewrap's init then dies with its monitor, which exits when the program does. */
      sp->ends_with_program = 1;
    } else if (!strcmp(a, "--disable-userns")) {
      sp->disable_userns = 1;
    } else if (!strcmp(a, "--new-session")) {
      sp->new_session = 1;
    } else if (!strcmp(a, "--clearenv")) {
      sp->clearenv = 1;
      sp->nenv = 0;
    } else if (!strcmp(a, "--hostname")) {
      NEED(1);
      sp->hostname = argv[++i];
    } else if (!strcmp(a, "--chdir")) {
      NEED(1);
      sp->chdir = argv[++i];
    } else if (!strcmp(a, "--setenv")) {
      NEED(2);
      const char *k = argv[++i], *v = argv[++i];
      size_t len = strlen(k) + strlen(v) + 2;
      char *kv = malloc(len);
      if (!kv) fail("malloc");
      snprintf(kv, len, "%s=%s", k, v);
      sp->env[sp->nenv++] = kv;
    } else if (!strcmp(a, "--size")) {
      NEED(1);
      size = number_in(argv[++i], 1, LLONG_MAX, "--size");
    } else if (!strcmp(a, "--seccomp")) {
      NEED(1);
      /* The launcher's --seccomp file is the filter; the number is only checked. */
      number_in(argv[++i], 0, INT_MAX, "--seccomp");
      sp->seccomp = 1;
    } else if (!strcmp(a, "--json-status-fd")) {
      NEED(1);
      /* The launcher's --status file is the status file; the number is only checked. */
      number_in(argv[++i], 0, INT_MAX, "--json-status-fd");
    } else {
      struct op *o = &sp->ops[sp->nops];
      memset(o, 0, sizeof *o);
      if (!strcmp(a, "--bind") || !strcmp(a, "--ro-bind") || !strcmp(a, "--ro-bind-try") ||
          !strcmp(a, "--symlink")) {
        NEED(2);
        o->kind = !strcmp(a, "--bind")      ? OP_BIND
                  : !strcmp(a, "--ro-bind") ? OP_RO_BIND
                  : !strcmp(a, "--symlink") ? OP_SYMLINK
                                            : OP_RO_BIND_TRY;
        o->source = argv[++i];
        o->dest = argv[++i];
      } else if (!strcmp(a, "--proc") || !strcmp(a, "--dev") || !strcmp(a, "--tmpfs") ||
                 !strcmp(a, "--remount-ro")) {
        NEED(1);
        o->kind = !strcmp(a, "--proc")    ? OP_PROC
                  : !strcmp(a, "--dev")   ? OP_DEV
                  : !strcmp(a, "--tmpfs") ? OP_TMPFS
                                          : OP_REMOUNT_RO;
        o->dest = argv[++i];
        if (o->kind == OP_TMPFS) {
          o->size = size;
          size = 0;
        }
      } else {
        fprintf(stderr, "verdict-launch: unknown sandbox option %s\n", a);
        _exit(LAUNCH_FAILED);
      }
      if (o->dest[0] != '/' || has_dot_dot(o->dest)) {
        usage("a sandbox path must be absolute, without ..");
      }
      sp->nops++;
    }
#undef NEED
  }
  if (i >= argc) usage("no command after the sandbox options");
  if (sp->disable_userns && !sp->seccomp) {
    usage("--disable-userns needs --seccomp: the seccomp filter refuses user namespaces");
  }
  /* As bubblewrap does, whatever the environment asked for. */
  const char *cwd = sp->chdir ? sp->chdir : "/";
  char *pwd = malloc(strlen(cwd) + 5);
  if (!pwd) fail("malloc");
  sprintf(pwd, "PWD=%s", cwd);
  sp->env[sp->nenv++] = pwd;
  sp->env[sp->nenv] = NULL;
  sp->command = argv + i;
}

__attribute__((noreturn)) static void die_in_sandbox(const char *what, const char *path) {
  fprintf(stderr, "verdict-launch: %s %s: %s\n", what, path, strerror(errno));
  _exit(LAUNCH_FAILED);
}

/* A path inside the new root, relative to it (the init works from the root's directory). */
static const char *inside(const char *dest) {
  while (*dest == '/') dest++;
  return *dest ? dest : ".";
}

/* Creates every missing directory of path (relative), the last one too when last is set. */
static void make_dirs(const char *path, int last) {
  char buf[4096];
  if (strlen(path) >= sizeof buf) usage("sandbox path too long");
  strcpy(buf, path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) die_in_sandbox("cannot create", buf);
    *p = '/';
  }
  if (last && mkdir(buf, 0755) != 0 && errno != EEXIST) die_in_sandbox("cannot create", buf);
}

static void make_file(const char *path) {
  make_dirs(path, 0);
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) die_in_sandbox("cannot create", path);
  close(fd);
}

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
struct mount_attr {
  uint64_t attr_set;
  uint64_t attr_clr;
  uint64_t propagation;
  uint64_t userns_fd;
};
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif

/* Sets flags on the mount at path and every mount below it. */
static void set_flags_below(const char *path, uint64_t attrs) {
  struct mount_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.attr_set = attrs;
  if (syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &attr, sizeof attr) != 0) {
    die_in_sandbox("cannot set the mount flags of", path);
  }
}

static void bind(const char *source, const char *dest, int read_only) {
  struct stat st;
  if (stat(source, &st) != 0) die_in_sandbox("cannot bind", source);
  if (S_ISDIR(st.st_mode)) {
    make_dirs(dest, 1);
  } else {
    make_file(dest);
  }
  if (mount(source, dest, NULL, MS_BIND | MS_REC, NULL) != 0) die_in_sandbox("cannot bind", source);
  set_flags_below(dest, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (read_only ? MOUNT_ATTR_RDONLY : 0));
}

static void tmpfs(const char *dest, long long size, uid_t owner, gid_t group, int mode) {
  char options[128];
  if (size > 0) {
    snprintf(options, sizeof options, "mode=%o,uid=%u,gid=%u,size=%lld", mode, owner, group, size);
  } else {
    snprintf(options, sizeof options, "mode=%o,uid=%u,gid=%u", mode, owner, group);
  }
  make_dirs(dest, 1);
  if (mount("tmpfs", dest, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) {
    die_in_sandbox("cannot mount a tmpfs on", dest);
  }
}

static void make_dev(const char *dest) {
  static const char *nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
  static const char *links[][2] = {{"/proc/self/fd", "fd"},
                                   {"/proc/self/fd/0", "stdin"},
                                   {"/proc/self/fd/1", "stdout"},
                                   {"/proc/self/fd/2", "stderr"}};
  char path[4096], host[64];
  make_dirs(dest, 1);
  if (mount("tmpfs", dest, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755") != 0) {
    die_in_sandbox("cannot mount a tmpfs on", dest);
  }
  for (size_t n = 0; n < sizeof nodes / sizeof *nodes; n++) {
    snprintf(path, sizeof path, "%s/%s", dest, nodes[n]);
    snprintf(host, sizeof host, "/dev/%s", nodes[n]);
    make_file(path);
    if (mount(host, path, NULL, MS_BIND, NULL) != 0) die_in_sandbox("cannot bind", host);
    set_flags_below(path, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
  }
  for (size_t n = 0; n < sizeof links / sizeof *links; n++) {
    snprintf(path, sizeof path, "%s/%s", dest, links[n][1]);
    if (symlink(links[n][0], path) != 0) die_in_sandbox("cannot create", path);
  }
  snprintf(path, sizeof path, "%s/shm", dest);
  make_dirs(path, 1);
}

/* Builds the sandbox's root on a tmpfs at root, as the options say, and moves into it. */
static void build_root(const struct spec *sp, const char *root, uid_t uid, gid_t gid) {
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) die_in_sandbox("cannot make", "/ private");
  if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
    die_in_sandbox("cannot mount a tmpfs on", root);
  }
  if (chdir(root) != 0) die_in_sandbox("cannot enter", root);
  for (int n = 0; n < sp->nops; n++) {
    const struct op *o = &sp->ops[n];
    const char *dest = inside(o->dest);
    switch (o->kind) {
      case OP_RO_BIND_TRY:
        if (access(o->source, F_OK) != 0) break;
        bind(o->source, dest, 1);
        break;
      case OP_RO_BIND:
      case OP_BIND:
        bind(o->source, dest, o->kind == OP_RO_BIND);
        break;
      case OP_SYMLINK:
        make_dirs(dest, 0);
        if (symlink(o->source, dest) != 0) die_in_sandbox("cannot create", dest);
        break;
      case OP_PROC:
        make_dirs(dest, 1);
        if (mount("proc", dest, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
          die_in_sandbox("cannot mount /proc on", dest);
        }
        break;
      case OP_DEV:
        make_dev(dest);
        break;
      case OP_TMPFS:
        tmpfs(dest, o->size, uid, gid, 0755);
        break;
      case OP_REMOUNT_RO:
        /* This mount only: what is mounted below it stays as it is, as with bubblewrap. */
        if (mount(NULL, dest, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) !=
            0) {
          die_in_sandbox("cannot remount read-only", dest);
        }
        break;
    }
  }
  /* The root is now complete: make it /, and drop the host's root from this namespace. */
  if (syscall(SYS_pivot_root, ".", ".") != 0) die_in_sandbox("cannot pivot to", root);
  if (umount2(".", MNT_DETACH) != 0) die_in_sandbox("cannot detach", "the host's root");
  if (chdir("/") != 0) die_in_sandbox("cannot enter", "/");
}

/* The seccomp filter the program runs under (dev.verdict.worker.sandbox.SeccompPolicy), read from
 * the launcher's --seccomp file before the sandbox is built, as bubblewrap reads its --seccomp fd. */
static struct sock_filter filter[BPF_MAXINSNS];
static struct sock_fprog filter_program;

static void read_filter(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path);
  size_t len = 0;
  for (;;) {
    ssize_t n = read(fd, (char *)filter + len, sizeof filter - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path);
    if (n == 0) break;
    len += (size_t)n;
    if (len == sizeof filter) usage("the seccomp filter is too long");
  }
  close(fd);
  if (len == 0 || len % sizeof *filter != 0) usage("the seccomp filter is not a BPF program");
  filter_program.len = (unsigned short)(len / sizeof *filter);
  filter_program.filter = filter;
}

/* The program's process: from the init's fork to its exec. */
static void exec_program(const struct spec *sp, const struct run_settings *rs) {
  if (sp->new_session && setsid() == (pid_t)-1) fail("setsid");
  if (chdir(sp->chdir ? sp->chdir : "/") != 0) die_in_sandbox("cannot enter", sp->chdir);
  set_rlimits(rs->limits, rs->nlimits);
  /* Every capability out of the bounding set as well (as bubblewrap does), so that nothing can
   * bring one back even past no_new_privs. Dropping one needs CAP_SETPCAP: a worker without it (a
   * container given only the capabilities it needs, docs/deploy.md) leaves its own few in the set,
   * which no_new_privs and the nosuid mounts keep from being used. */
  for (int cap = 0;; cap++) {
    int held = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
    if (held < 0) break;
    if (held == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EPERM) {
      fail("prctl(PR_CAPBSET_DROP)");
    }
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) fail("prctl(PR_CAP_AMBIENT)");
  drop_to(rs->uid, rs->gid);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("prctl(PR_SET_NO_NEW_PRIVS)");
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != 1) _exit(LAUNCH_FAILED);
  if (sp->seccomp && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter_program) != 0) {
    fail("seccomp");
  }
  /* Whatever the launcher ignored or blocked, the program starts with the defaults. */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
  /* Only 0, 1 and 2 reach the program. */
  if (syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */) != 0) fail("close_range");
  extern char **environ;
  if (sp->clearenv) environ = (char **)sp->env;
  else
    for (int e = 0; e < sp->nenv; e++) putenv(sp->env[e]);
  execvp(sp->command[0], sp->command);
  fprintf(stderr, "verdict-launch: cannot run %s: %s\n", sp->command[0], strerror(errno));
  _exit(127);
}

/* The run's init, pid 1 of its namespaces: builds the sandbox, runs the program, reaps. */
static int sandbox_init(const struct spec *sp, const char *root, const struct run_settings *rs,
                        int status_fd) {
  /* pid 1's command line is readable by the program: the per-run launcher's holds host paths. */
  hide_arguments();
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  join_cgroups(rs->procs, rs->nprocs);
  if (unshare(CLONE_NEWCGROUP) != 0) fail("unshare(CLONE_NEWCGROUP)");
  build_root(sp, root, rs->uid, rs->gid);
  if (sp->hostname && sethostname(sp->hostname, strlen(sp->hostname)) != 0) fail("sethostname");
  pid_t program = fork();
  if (program < 0) fail("fork");
  if (program == 0) exec_program(sp, rs);
  /* The run lasts until every process of it has ended, not only the program's first: whatever it
   * left running (a child still printing, a daemon) is adopted here and waited for, until the
   * worker kills the run at a limit. */
  int code = LAUNCH_FAILED;
  for (;;) {
    int wstatus;
    pid_t done = wait(&wstatus);
    if (done < 0 && errno == EINTR) continue;
    if (done < 0) break;
    if (done == program) {
      code = status_of(wstatus);
      dprintf(status_fd, "{ \"exit-code\": %d }\n", code);
      /* The init's exit kills every process left in its PID namespace. */
      if (sp->ends_with_program) break;
    }
  }
  /* What the init used until the run's last process ended; what its exit then costs (tearing down
   * the namespaces and the files the program left on its tmpfs) is bounded by the launcher. */
  dprintf(status_fd, "{ \"init-cpu\": %lld }\n", cpu_nanos_of(0));
  return code;
}

pid_t start_builtin(int argc, char **argv, const char *root, const struct run_settings *rs,
                    const char *status, int netns_entered) {
  static struct spec sp;
  parse_spec(argc, argv, &sp);
  if (sp.seccomp) {
    if (!rs->seccomp) usage("the sandbox's --seccomp needs the launcher's --seccomp FILE");
    read_filter(rs->seccomp);
  }
  int status_fd = open(status, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (status_fd < 0) fail(status);
  unsigned long flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
  if (sp.new_net && !netns_entered) flags |= CLONE_NEWNET;
  pid_t init = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
  if (init < 0) fail("clone");
  if (init == 0) _exit(sandbox_init(&sp, root, rs, status_fd));
  dprintf(status_fd, "{ \"child-pid\": %d }\n", (int)init);
  close(status_fd);
  return init;
}

