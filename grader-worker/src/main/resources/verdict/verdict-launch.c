/*
 * verdict-launch: starts one sandboxed run for the Verdict grader worker.
 *
 * It replaces a chain of setpriv, unshare, sh and setpriv with one small static program, because
 * every exec of that chain cost about a millisecond per run. The worker compiles it at start-up.
 *
 *   verdict-launch --uid N --gid N --status FILE [--procs FILE]... [--rlimit NAME=VALUE]...
 *                  [--netns FILE] [--stdin FILE] [--own-cpu FILE] -- BWRAP [ARGS...]
 *   verdict-launch ... --builtin ROOT ... -- [BUBBLEWRAP OPTIONS...] -- COMMAND [ARGS...]
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
 * With --builtin, this program builds the sandbox itself instead of running bubblewrap (see
 * "The built-in sandbox" below): the arguments after the first -- are the bubblewrap options the
 * worker uses, with the same meaning, and the command.
 *
 * Exit status: the run's (128 + n when killed by signal n); 125 when the launch itself failed,
 * with the reason on stderr.
 *
 * The built-in sandbox
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
 *    rlimits, drops to the slot's uid and gid (which clears every capability), sets no_new_privs,
 *    dies with the init, cannot create user namespaces (a seccomp filter refuses CLONE_NEWUSER
 *    and clone3, as bubblewrap's --disable-userns locks them), gets default signal handling and
 *    no inherited descriptor beyond 0-2, and execs the command with the given environment.
 * 4. The init reaps whatever ends in its namespace; when the program ends it writes "exit-code" to
 *    the status file and exits with the program's status, which makes the kernel kill and reap the
 *    rest of the namespace. A program cannot signal, trace or read the init: it runs as root.
 *
 * The sandbox's own CPU time (--own-cpu) is then the init's alone: building the root, starting the
 * program, tearing the namespaces down. The program cannot make the init work for it, so it is
 * not bounded.
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
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

/* ---- The built-in sandbox ---------------------------------------------------------------- */

#define MAX_OPS 1024

enum op_kind { OP_BIND, OP_RO_BIND, OP_RO_BIND_TRY, OP_SYMLINK, OP_PROC, OP_DEV, OP_TMPFS, OP_REMOUNT_RO };

struct op {
  enum op_kind kind;
  const char *source; /* bind source, or symlink target */
  const char *dest;   /* inside the sandbox, absolute */
  const char *size;   /* tmpfs size in bytes, or NULL */
};

struct spec {
  struct op ops[MAX_OPS];
  int nops;
  int new_net;
  int new_session;
  int disable_userns;
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
  const char *size = NULL;
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
               !strcmp(a, "--unshare-cgroup") || !strcmp(a, "--die-with-parent")) {
      /* Always so here: no user namespace is needed by root, the rest is always new. */
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
      size = argv[++i];
    } else if (!strcmp(a, "--json-status-fd")) {
      NEED(1);
      i++; /* the launcher's --status file is the status file */
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
          size = NULL;
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
  /* As bubblewrap does, whatever the environment asked for. */
  const char *cwd = sp->chdir ? sp->chdir : "/";
  char *pwd = malloc(strlen(cwd) + 5);
  if (!pwd) fail("malloc");
  sprintf(pwd, "PWD=%s", cwd);
  sp->env[sp->nenv++] = pwd;
  sp->env[sp->nenv] = NULL;
  sp->command = argv + i;
}

static void die_in_sandbox(const char *what, const char *path) {
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

static void tmpfs(const char *dest, const char *size, uid_t owner, gid_t group, int mode) {
  char options[128];
  if (size) {
    snprintf(options, sizeof options, "mode=%o,uid=%u,gid=%u,size=%s", mode, owner, group, size);
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

#if defined(__x86_64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/* Refuses new user namespaces: unshare and clone with CLONE_NEWUSER get EPERM, clone3 (whose flags
 * a filter cannot read) ENOSYS, so that the C library falls back to clone. A system call of
 * another architecture (the 32-bit entry points) kills the process. */
static void refuse_user_namespaces(void) {
#ifndef SANDBOX_AUDIT_ARCH
  usage("the built-in sandbox knows x86_64 and aarch64 only; use worker.sandbox bubblewrap");
#else
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_AUDIT_ARCH, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
      /* x32 system calls share the architecture and have bit 30 set. */
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_unshare, 1, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {(unsigned short)(sizeof filter / sizeof *filter), filter};
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) fail("seccomp");
#endif
}

struct run_settings {
  const char **procs;
  int nprocs;
  const struct limit *limits;
  int nlimits;
  uid_t uid;
  gid_t gid;
};

/* Moves the calling process into the run's cgroups ("0" is the writer itself). */
static void join_cgroups(const char **procs, int nprocs) {
  for (int p = 0; p < nprocs; p++) {
    int fd = open(procs[p], O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(procs[p]);
    if (write(fd, "0\n", 2) < 0) fail(procs[p]);
    close(fd);
  }
}

static void set_rlimits(const struct limit *limits, int nlimits) {
  for (int l = 0; l < nlimits; l++) {
    struct rlimit rl = {limits[l].value, limits[l].value};
    if (setrlimit(limits[l].resource, &rl) != 0) fail("setrlimit");
  }
}

/* Drops to the slot's uid and gid with no supplementary groups, which clears every capability. */
static void drop_to(uid_t uid, gid_t gid) {
  if (setgroups(0, NULL) != 0) fail("setgroups");
  if (setresgid(gid, gid, gid) != 0) fail("setresgid");
  if (setresuid(uid, uid, uid) != 0) fail("setresuid");
  if (getuid() == 0 || geteuid() == 0) usage("still root after setresuid");
}

/* The program's process: from the init's fork to its exec. */
static void exec_program(const struct spec *sp, const struct run_settings *rs) {
  if (sp->new_session && setsid() == (pid_t)-1) fail("setsid");
  if (chdir(sp->chdir ? sp->chdir : "/") != 0) die_in_sandbox("cannot enter", sp->chdir);
  set_rlimits(rs->limits, rs->nlimits);
  drop_to(rs->uid, rs->gid);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("prctl(PR_SET_NO_NEW_PRIVS)");
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != 1) _exit(LAUNCH_FAILED);
  if (sp->disable_userns) refuse_user_namespaces();
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
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  join_cgroups(rs->procs, rs->nprocs);
  if (unshare(CLONE_NEWCGROUP) != 0) fail("unshare(CLONE_NEWCGROUP)");
  build_root(sp, root, rs->uid, rs->gid);
  if (sp->hostname && sethostname(sp->hostname, strlen(sp->hostname)) != 0) fail("sethostname");
  pid_t program = fork();
  if (program < 0) fail("fork");
  if (program == 0) exec_program(sp, rs);
  int code = LAUNCH_FAILED;
  for (;;) {
    int wstatus;
    pid_t done = wait(&wstatus);
    if (done < 0 && errno == EINTR) continue;
    if (done < 0) break;
    if (done == program) {
      code = status_of(wstatus);
      break;
    }
  }
  dprintf(status_fd, "{ \"exit-code\": %d }\n", code);
  return code;
}

/* Starts the init in its new namespaces; returns its pid. */
static pid_t start_builtin(int argc, char **argv, const char *root, const struct run_settings *rs,
                           const char *status, int netns_entered) {
  static struct spec sp;
  parse_spec(argc, argv, &sp);
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
  const char *builtin_root = NULL;
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
    } else if (!strcmp(argv[i], "--builtin")) {
      builtin_root = argv[++i];
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
  pid_t run;
  if (builtin_root) {
    struct run_settings rs = {procs, nprocs, limits, nlimits, (uid_t)uid, (gid_t)gid};
    run = start_builtin(argc - i, argv + i, builtin_root, &rs, status, netns != NULL);
  } else {
    run = fork();
  }
  if (run < 0) fail("fork");
  if (run == 0) {
    join_cgroups(procs, nprocs);
    set_rlimits(limits, nlimits);
    int fd = open(status, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) fail(status);
    if (fd != 3) {
      if (dup2(fd, 3) < 0) fail("dup2");
      close(fd);
    }
    drop_to((uid_t)uid, (gid_t)gid);
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
    if (own_cpu && builtin_root) {
      /* The init is this program's child and the only process of the sandbox's own. */
      if (done == run) monitor_nanos = cpu_nanos_of(done);
    } else if (own_cpu) {
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
  if (own_cpu && builtin_root) {
    write_number(own_cpu, monitor_nanos);
  } else if (own_cpu) {
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
