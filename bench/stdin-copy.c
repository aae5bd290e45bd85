/*
 * stdin-copy: what filling a run's sealed stdin memfd costs, by each way the kernel offers to copy
 * a file into it. The launcher (grader-worker/src/main/c/launch.c, sealed_copy) copies the run's
 * input from the file cache into a memfd so that no host path shows as the program's stdin; see
 * docs/benchmarks.md, "The sealed stdin copy".
 *
 *   gcc -O2 -o /tmp/stdin-copy bench/stdin-copy.c
 *   stdin-copy RUNS FILE...
 *
 * For each file (read once before, so it is in the page cache, as a cache file read by every test
 * run is) and each way, RUNS copies into a fresh memfd, sealed as the launcher seals it; prints the
 * median and the best wall time of a copy, memfd creation and sealing included.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int sealed(int fd) {
  if (lseek(fd, 0, SEEK_SET) != 0) return -1;
  return fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
}

/* Each way copies size bytes of in into the fresh memfd out; 0 or an errno. */
static int by_sendfile(int in, int out, off_t size) {
  for (off_t left = size; left > 0;) {
    ssize_t n = sendfile(out, in, NULL, (size_t)left);
    if (n <= 0) return n < 0 ? errno : EIO;
    left -= n;
  }
  return 0;
}

static int by_copy_file_range(int in, int out, off_t size) {
  for (off_t left = size; left > 0;) {
    ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
    if (n <= 0) return n < 0 ? errno : EIO;
    left -= n;
  }
  return 0;
}

static int by_mmap_and_write(int in, int out, off_t size) {
  const char *p = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, in, 0);
  if (p == MAP_FAILED) return errno;
  int result = 0;
  for (off_t done = 0; done < size;) {
    ssize_t n = write(out, p + done, (size_t)(size - done));
    if (n <= 0) {
      result = n < 0 ? errno : EIO;
      break;
    }
    done += n;
  }
  munmap((void *)p, (size_t)size);
  return result;
}

static int by_read_and_write(int in, int out, off_t size) {
  static char buffer[1 << 20];
  (void)size;
  for (;;) {
    ssize_t n = read(in, buffer, sizeof buffer);
    if (n == 0) return 0;
    if (n < 0) return errno;
    if (write(out, buffer, (size_t)n) != n) return errno;
  }
}

static int by_mapping_both(int in, int out, off_t size) {
  if (ftruncate(out, size) != 0) return errno;
  void *to = mmap(NULL, (size_t)size, PROT_WRITE, MAP_SHARED, out, 0);
  const void *from = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, in, 0);
  if (to == MAP_FAILED || from == MAP_FAILED) return errno;
  memcpy(to, from, (size_t)size);
  munmap(to, (size_t)size);
  munmap((void *)from, (size_t)size);
  return 0;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    int (*copy)(int, int, off_t);
  } ways[] = {{"sendfile", by_sendfile},
              {"copy_file_range", by_copy_file_range},
              {"mmap + write", by_mmap_and_write},
              {"read + write (1 MiB)", by_read_and_write},
              {"ftruncate + mmap both", by_mapping_both}};
  if (argc < 3) {
    fprintf(stderr, "usage: stdin-copy RUNS FILE...\n");
    return 2;
  }
  int runs = atoi(argv[1]);
  double *times = calloc((size_t)runs, sizeof *times);
  if (runs < 1 || !times) return 2;
  for (int f = 2; f < argc; f++) {
    int in = open(argv[f], O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (in < 0 || fstat(in, &st) != 0) {
      perror(argv[f]);
      return 1;
    }
    for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
      int error = 0;
      /* One copy first, not counted: the page cache holds the file from then on. */
      for (int r = -1; r < runs && !error; r++) {
        if (lseek(in, 0, SEEK_SET) != 0) return 1;
        double start = now_ms();
        int out = memfd_create("stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (out < 0) return 1;
        error = ways[w].copy(in, out, st.st_size);
        if (!error && sealed(out) != 0) error = errno;
        double took = now_ms() - start;
        close(out);
        if (r >= 0) times[r] = took;
      }
      if (error) {
        printf("%s\t%lld bytes\t%s\trefused: %s\n", argv[f], (long long)st.st_size, ways[w].name,
               strerror(error));
        continue;
      }
      qsort(times, (size_t)runs, sizeof *times, compare);
      printf("%s\t%lld bytes\t%s\tmedian %.3f ms\tbest %.3f ms\n", argv[f], (long long)st.st_size,
             ways[w].name, times[runs / 2], times[0]);
    }
    close(in);
  }
  return 0;
}
