/*
 * verdict-launch: starts sandboxed runs for the Verdict grader worker.
 *
 * It replaces a chain of setpriv, unshare, sh and setpriv with one small static program, because
 * every exec of that chain cost about a millisecond per run. The worker compiles it at start-up
 * (dev.verdict.worker.sandbox.LauncherBinary says why from sources); `mvn verify` compiles it with
 * every warning an error. One binary, three programs:
 *
 *   launch.c   one run: verdict-launch --uid N --gid N --status FILE ... -- COMMAND...
 *   builtin.c  the built-in sandbox that launch.c builds instead of running bubblewrap (--builtin)
 *   spawner.c  the slot's spawner: verdict-launch --serve, which starts each run of a slot
 *   common.c   what they share: failing, checked numbers, cgroups, rlimits, dropping to the uid
 *
 * Exit status: the run's (128 + n when killed by signal n); LAUNCH_FAILED when the launch itself
 * failed, with the reason on stderr.
 */
#ifndef VERDICT_LAUNCH_H
#define VERDICT_LAUNCH_H

#include <sys/resource.h>
#include <sys/types.h>

#define LAUNCH_FAILED 125
#define MAX_PROCS 8
#define MAX_RLIMITS 8

/* One rlimit, set as both its soft and its hard limit. */
struct limit {
  int resource;
  rlim_t value;
};

/* What the run's first process does before the sandbox: join the run's cgroups, set the rlimits,
 * drop to the slot's uid and gid; and the file of the seccomp filter the program runs under. */
struct run_settings {
  const char *const *procs;
  int nprocs;
  const struct limit *limits;
  int nlimits;
  uid_t uid;
  gid_t gid;
  const char *seccomp;
};

/* ---- common.c ---------------------------------------------------------------------------- */

/* Stops the launch: what failed, with errno's message. */
__attribute__((noreturn)) void fail(const char *what);

/* Stops the launch: what the worker asked for wrongly. */
__attribute__((noreturn)) void usage(const char *why);

/* A wait status as an exit status: the code, or 128 + n when killed by signal n. */
int status_of(int wstatus);

/* The whole of text as a decimal number in min..max; stops the launch, naming what, when text is
 * empty, has anything besides digits, or is out of range. */
long long number_in(const char *text, long long min, long long max, const char *what);

/* The CPU time a process (a zombie not yet reaped, here) used itself, without its children's. */
long long cpu_nanos_of(pid_t pid);

/* The number the sandbox wrote under key to its status file; -1 when there is none. */
long long status_number(const char *status, const char *key);

/* The "child-pid" the sandbox wrote to its status file: its init's pid; -1 when there is none. */
pid_t child_pid_in(const char *status);

/* Moves the calling process into the run's cgroups. */
void join_cgroups(const char *const *procs, int nprocs);

void set_rlimits(const struct limit *limits, int nlimits);

/* Drops to the slot's uid and gid with no supplementary groups, which clears every capability. */
void drop_to(uid_t uid, gid_t gid);

/* ---- launch.c ---------------------------------------------------------------------------- */

/* Starts one run and returns its exit status; argv[0] is not looked at. */
int launch(int argc, char **argv);

/* Overwrites this process's command line (what /proc/PID/cmdline shows) with a neutral name; the
 * options must have been read from copies. The built-in init calls it first thing. */
void hide_arguments(void);

/* ---- builtin.c --------------------------------------------------------------------------- */

/* Starts the built-in sandbox's init in its new namespaces, the sandbox built on root as the
 * bubblewrap options in argv say (argc of them, the command after their --); returns its pid. */
pid_t start_builtin(int argc, char **argv, const char *root, const struct run_settings *rs,
                    const char *status, int netns_entered);

/* ---- spawner.c --------------------------------------------------------------------------- */

/* Serves requests for runs on stdin until its end; see spawner.c. */
int serve(void);

#endif
