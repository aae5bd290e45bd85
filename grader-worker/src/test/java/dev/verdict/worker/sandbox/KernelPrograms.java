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
}
