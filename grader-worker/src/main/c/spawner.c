/*
 * The slot's spawner, `verdict-launch --serve`: a process the worker starts once per slot and that
 * starts every run of the slot, so that the worker's JVM creates no process per run (starting one
 * from Java costs an exec of its jspawnhelper besides this program's own). Protocol, on the
 * spawner's stdin and stdout:
 *
 *   request   the number of arguments in decimal, then each argument of a run (launch.c) after the
 *             program name, every field ended by a NUL byte
 *   answer    frames of a type byte, a 4-byte big-endian length and that many bytes: 'o' a chunk of
 *             the run's stdout, 'e' of its stderr, then 'x' with the run's exit status as a 4-byte
 *             big-endian number, sent once both outputs are closed and the run is reaped
 *
 * One run at a time; the next request is read after the 'x' frame. The spawner ends at the end of
 * its stdin, or with the thread that started it. Every run goes through the same steps as a run
 * started on its own (launch.c), in a child of the spawner with the run's pipes as stdout and
 * stderr and /dev/null as stdin (a run's input is its --stdin).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "verdict-launch.h"

/* A compile step's command names every source file: a submission of thousands of files is a long
 * request, still far below these. */
#define MAX_REQUEST_ARGS 65536
#define MAX_REQUEST_BYTES (4 * 1024 * 1024)

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

/* Answers a request of more arguments than a run may have as a failed launch, after reading it
 * to its end a field at a time, so that the spawner stays in step with the worker and serves the
 * next request: nothing in a request makes the spawner exit but a broken protocol. */
static void refuse(long long count, size_t *at) {
  for (long long a = 0; a < count; a++) {
    size_t end;
    if (!read_field(at, &end)) usage("request cut short");
    memmove(request, request + end + 1, request_len - (end + 1));
    request_len -= end + 1;
    *at = 0;
  }
  static const char why[] = "verdict-launch: too many arguments for one run\n";
  frame('e', why, sizeof why - 1);
  unsigned char status[4] = {0, 0, 0, LAUNCH_FAILED};
  frame('x', status, sizeof status);
}

int serve(void) {
  pid_t parent = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != parent) _exit(LAUNCH_FAILED);
  signal(SIGPIPE, SIG_IGN);
  static char *args[MAX_REQUEST_ARGS + 2];
  for (;;) {
    size_t at = 0, end;
    if (!read_field(&at, &end)) return 0;
    long long count = number_in(request + at, 1, LLONG_MAX, "a request's argument count");
    at = end + 1;
    if (count > MAX_REQUEST_ARGS) {
      refuse(count, &at);
      continue;
    }
    args[0] = "verdict-launch";
    for (long long a = 1; a <= count; a++) {
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
