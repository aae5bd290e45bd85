package dev.verdict.worker.sandbox;

/**
 * C sources of programs that probe the kernel's surface from inside a sandbox, compiled on the host
 * by {@link SandboxTestSupport#compileC}.
 */
final class KernelPrograms {
  private KernelPrograms() {}

  /**
   * {@code keys store NAME}: stores a key of that name, readable by anyone, in every keyring a
   * program can name (the uid's, its session's, the process's); prints how many were stored. {@code
   * keys find NAME}: looks for it in each keyring, by {@code request_key} and in {@code
   * /proc/keys}; prints {@code found} or {@code absent}.
   */
  static final String KEYRING =
      """
      #include <linux/keyctl.h>
      #include <stdio.h>
      #include <string.h>
      #include <sys/syscall.h>
      #include <unistd.h>
      static const int rings[] = {KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING,
                                  KEY_SPEC_SESSION_KEYRING, KEY_SPEC_PROCESS_KEYRING};
      int main(int argc, char **argv) {
        if (argc != 3) return 2;
        const char *name = argv[2];
        if (!strcmp(argv[1], "store")) {
          int stored = 0;
          for (int i = 0; i < 4; i++) {
            long key = syscall(SYS_add_key, "user", name, "s3cret", 6, rings[i]);
            if (key >= 0) {
              stored++;
              syscall(SYS_keyctl, KEYCTL_SETPERM, key, 0x3f3f3f3f);
            }
          }
          printf("stored %d\\n", stored);
          return 0;
        }
        int found = 0;
        for (int i = 0; i < 4; i++) {
          if (syscall(SYS_keyctl, KEYCTL_SEARCH, rings[i], "user", name, 0) >= 0) found++;
        }
        if (syscall(SYS_request_key, "user", name, NULL, 0) >= 0) found++;
        FILE *keys = fopen("/proc/keys", "r");
        char line[512];
        while (keys && fgets(line, sizeof line, keys)) {
          if (strstr(line, name)) found++;
        }
        puts(found ? "found" : "absent");
        return 0;
      }
      """;

  /**
   * {@code probe}: makes each system call the sandbox's seccomp policy refuses and prints one line
   * per call, {@code NAME ok} or {@code NAME ERRNO}. The calls a program could make without any
   * capability get arguments with which they succeed on an unfiltered kernel (io_uring, perf, BPF
   * maps, userfaultfd, the keyrings, tracing its own child, reading its own memory, file handles,
   * non-Unix sockets, execution domains that turn off address-space randomisation); the others,
   * which the program's missing capabilities refuse anyway, get zeros. The numbers come from the C
   * library's headers, not from the policy's table. Also prints {@code allowed NAME ok|ERRNO} for
   * calls the policy must let through.
   */
  static final String PROBE =
      """
      #define _GNU_SOURCE
      #include <errno.h>
      #include <fcntl.h>
      #include <linux/keyctl.h>
      #include <linux/perf_event.h>
      #include <linux/userfaultfd.h>
      #include <sched.h>
      #include <signal.h>
      #include <stdio.h>
      #include <string.h>
      #include <sys/personality.h>
      #include <sys/socket.h>
      #include <sys/syscall.h>
      #include <sys/uio.h>
      #include <sys/wait.h>
      #include <unistd.h>
      static void report(const char *prefix, const char *name, long result) {
        if (result >= 0) printf("%s%s ok\\n", prefix, name);
        else printf("%s%s %d\\n", prefix, name, errno);
      }
      #define CALL(name, ...) report("", #name, syscall(SYS_##name, __VA_ARGS__))
      #define ZEROS(name) report("", #name, syscall(SYS_##name, 0, 0, 0, 0, 0, 0))
      int main(void) {
        struct { unsigned int sq, cq, flags, rest[27]; } uring;
        memset(&uring, 0, sizeof uring);
        CALL(io_uring_setup, 1, &uring);
        ZEROS(io_uring_enter);
        ZEROS(io_uring_register);
        struct perf_event_attr pe;
        memset(&pe, 0, sizeof pe);
        pe.type = PERF_TYPE_SOFTWARE;
        pe.size = sizeof pe;
        pe.config = PERF_COUNT_SW_TASK_CLOCK;
        pe.exclude_kernel = 1;
        pe.exclude_hv = 1;
        CALL(perf_event_open, &pe, 0, -1, -1, 0);
        unsigned int map[5] = {2 /* BPF_MAP_TYPE_ARRAY */, 4, 4, 1, 0};
        CALL(bpf, 0 /* BPF_MAP_CREATE */, map, sizeof map);
        CALL(userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */);
        CALL(keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
        CALL(add_key, "user", "verdict-probe", "x", 1, KEY_SPEC_PROCESS_KEYRING);
        CALL(request_key, "user", "verdict-probe", NULL, 0);
        pid_t child = fork();
        if (child == 0) { pause(); _exit(0); }
        CALL(ptrace, 16 /* PTRACE_ATTACH */, child, 0, 0);
        char mine[8] = "mine", copy[8];
        struct iovec local = {copy, sizeof copy}, remote = {mine, sizeof mine};
        CALL(process_vm_readv, getpid(), &local, 1, &remote, 1, 0);
        CALL(process_vm_writev, getpid(), &remote, 1, &local, 1, 0);
        CALL(kcmp, getpid(), child, 0 /* KCMP_FILE */, 0, 0);
        int pidfd = (int) syscall(SYS_pidfd_open, getpid(), 0);
        CALL(pidfd_getfd, pidfd, 0, 0);
        struct iovec advice = {mine, sizeof mine};
        CALL(process_madvise, pidfd, &advice, 1, 20 /* MADV_COLD */, 0);
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        CALL(fanotify_init, 0x00000200 /* FAN_REPORT_FID */, 0);
        struct { unsigned int bytes; int type; unsigned char data[128]; } handle = {128, 0, {0}};
        int mount_id;
        CALL(name_to_handle_at, AT_FDCWD, "/", &handle, &mount_id, 0);
        CALL(open_by_handle_at, AT_FDCWD, &handle, O_RDONLY);
        CALL(socket, AF_INET, SOCK_STREAM, 0);
        CALL(socket, AF_INET6, SOCK_DGRAM, 0);
        CALL(socket, AF_NETLINK, SOCK_RAW, 0);
        CALL(socket, AF_PACKET, SOCK_RAW, 0);
        CALL(socket, 40 /* AF_VSOCK */, SOCK_STREAM, 0);
        int pair[2];
        CALL(socketpair, AF_INET, SOCK_STREAM, 0, pair);
        CALL(personality, ADDR_NO_RANDOMIZE);
        CALL(personality, MMAP_PAGE_ZERO);
        CALL(personality, READ_IMPLIES_EXEC);
        CALL(unshare, CLONE_NEWUSER);
        CALL(unshare, CLONE_NEWNS);
        long cloned = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
        if (cloned == 0) _exit(0);
        if (cloned > 0) waitpid((pid_t) cloned, NULL, 0);
        report("", "clone", cloned);
        ZEROS(clone3);
        ZEROS(setns);
        ZEROS(mount); ZEROS(umount2); ZEROS(pivot_root); ZEROS(chroot);
        ZEROS(open_tree); ZEROS(move_mount); ZEROS(fsopen); ZEROS(fsconfig); ZEROS(fsmount);
        ZEROS(fspick); ZEROS(mount_setattr);
        ZEROS(init_module); ZEROS(finit_module); ZEROS(delete_module);
        ZEROS(kexec_load); ZEROS(kexec_file_load); ZEROS(reboot); ZEROS(swapon); ZEROS(swapoff);
        ZEROS(acct); ZEROS(settimeofday); ZEROS(clock_settime); ZEROS(clock_adjtime);
        ZEROS(quotactl); ZEROS(quotactl_fd); ZEROS(syslog); ZEROS(vhangup);
        ZEROS(sethostname); ZEROS(setdomainname); ZEROS(lookup_dcookie); ZEROS(nfsservctl);
      #ifdef SYS_create_module
        ZEROS(create_module); ZEROS(query_module); ZEROS(get_kernel_syms);
        ZEROS(iopl); ZEROS(ioperm); ZEROS(uselib); ZEROS(ustat); ZEROS(sysfs); ZEROS(_sysctl);
      #endif
        report("allowed ", "socket(AF_UNIX)", socket(AF_UNIX, SOCK_STREAM, 0));
        report("allowed ", "socketpair(AF_UNIX)", socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
        report("allowed ", "personality(query)", personality(0xffffffff));
        report("allowed ", "personality(PER_LINUX)", personality(PER_LINUX));
        report("allowed ", "unshare(CLONE_FILES)", unshare(CLONE_FILES));
        pid_t plain = fork();
        if (plain == 0) _exit(0);
        report("allowed ", "fork", waitpid(plain, NULL, 0));
        return 0;
      }
      """;
}
