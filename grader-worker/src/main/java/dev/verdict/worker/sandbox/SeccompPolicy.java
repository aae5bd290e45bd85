package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The system calls a sandboxed program may not make, in every backend: one table, compiled here
 * into the classic BPF program that the kernel's seccomp runs before each system call. Bubblewrap
 * loads it from a file descriptor ({@code --seccomp FD}); the native launcher's built-in sandbox
 * reads the same file. docs/security.md, "The seccomp policy", lists the rules with the test that
 * proves each.
 *
 * <p>A denylist, not an allowlist: the compilers, runtimes and validators of every language the
 * worker runs (the JVM above all) make a wide and changing set of ordinary calls, and refusing one
 * of them fails a correct program. What is refused is the kernel's surface that no judged program
 * needs and that has been the way into the kernel (keyrings, BPF, perf, io_uring, userfaultfd), the
 * calls that reach other processes (ptrace and its kin), and administration that needs a capability
 * the program does not have (mounts, modules, kexec), refused here too so that a kernel bug in a
 * capability check is not enough.
 *
 * <p>Calls whose answer does not depend on their arguments are decided by the system call number
 * alone, which the kernel caches per number: an allowed call costs nothing after its first use.
 */
final class SeccompPolicy {
  /** What a rule does to a call it matches. */
  enum Check {
    /** Refused whatever its arguments. */
    ALWAYS,
    /** Refused when its first argument has any of the rule's bits set. */
    ANY_BIT_OF_FIRST_ARGUMENT,
    /** Refused unless its first argument is one of the rule's values. */
    FIRST_ARGUMENT_NOT_AMONG
  }

  /**
   * One refused system call.
   *
   * @param call the system call's name
   * @param x8664 its number on x86_64, or -1 where it does not exist
   * @param aarch64 its number on aarch64, or -1 where it does not exist
   * @param errno the error the call fails with
   * @param check when it is refused
   * @param values the bits or values of the check
   */
  record Rule(String call, int x8664, int aarch64, int errno, Check check, long... values) {}

  static final int EPERM = 1;
  static final int ENOSYS = 38;
  static final int EAFNOSUPPORT = 97;

  private static final long AF_UNIX = 1;

  /** Every flag that makes a new namespace, in clone's flags (CLONE_NEWTIME is an exit signal). */
  private static final long CLONE_NAMESPACES = 0x7E020000L;

  /** The rules, in the order the filter tests them. */
  static final List<Rule> RULES =
      List.of(
          // Namespaces: a user namespace gives the program capabilities over new namespaces of
          // its own (and the kernel surface behind them). clone3's flags are in memory a filter
          // cannot read: ENOSYS makes the C library fall back to clone.
          new Rule("clone", 56, 220, EPERM, Check.ANY_BIT_OF_FIRST_ARGUMENT, CLONE_NAMESPACES),
          new Rule("clone3", 435, 435, ENOSYS, Check.ALWAYS),
          new Rule("unshare", 272, 97, EPERM, Check.ANY_BIT_OF_FIRST_ARGUMENT, 0x7E020080L),
          new Rule("setns", 308, 268, EPERM, Check.ALWAYS),
          // Sockets: only between processes of the run. The network namespace is empty, but a
          // socket family is kernel code all the same (netlink, packet, the rare protocols), and
          // AF_VSOCK reaches a hypervisor's services whatever the network namespace says.
          new Rule("socket", 41, 198, EAFNOSUPPORT, Check.FIRST_ARGUMENT_NOT_AMONG, AF_UNIX),
          new Rule("socketpair", 53, 199, EAFNOSUPPORT, Check.FIRST_ARGUMENT_NOT_AMONG, AF_UNIX),
          // Keyrings: the uid's keyrings, and the session keyring inherited from the worker, are
          // kernel stores that outlive a run and are shared with later runs.
          new Rule("add_key", 248, 217, EPERM, Check.ALWAYS),
          new Rule("keyctl", 250, 219, EPERM, Check.ALWAYS),
          new Rule("request_key", 249, 218, EPERM, Check.ALWAYS),
          // The kernel's large and often exploited surfaces that no judged program needs.
          new Rule("bpf", 321, 280, EPERM, Check.ALWAYS),
          new Rule("perf_event_open", 298, 241, EPERM, Check.ALWAYS),
          new Rule("userfaultfd", 323, 282, EPERM, Check.ALWAYS),
          new Rule("io_uring_setup", 425, 425, ENOSYS, Check.ALWAYS),
          new Rule("io_uring_enter", 426, 426, ENOSYS, Check.ALWAYS),
          new Rule("io_uring_register", 427, 427, ENOSYS, Check.ALWAYS),
          new Rule("fanotify_init", 300, 262, EPERM, Check.ALWAYS),
          // Reaching into other processes, even the run's own: their memory, their descriptors,
          // their execution (a traced sandbox init works for the program).
          new Rule("ptrace", 101, 117, EPERM, Check.ALWAYS),
          new Rule("process_vm_readv", 310, 270, EPERM, Check.ALWAYS),
          new Rule("process_vm_writev", 311, 271, EPERM, Check.ALWAYS),
          new Rule("process_madvise", 440, 440, EPERM, Check.ALWAYS),
          new Rule("pidfd_getfd", 438, 438, EPERM, Check.ALWAYS),
          new Rule("kcmp", 312, 272, EPERM, Check.ALWAYS),
          // Execution domains: only the ones the Docker engine's default profile lets through
          // (Linux, with or without 32-bit addresses and the uname of 2.6, and the query), none
          // that
          // turns off address-space randomisation or maps page 0 for the programs it execs.
          new Rule(
              "personality",
              135,
              92,
              EPERM,
              Check.FIRST_ARGUMENT_NOT_AMONG,
              0x0L,
              0x0008L,
              0x20000L,
              0x20008L,
              0xffffffffL),
          // File handles: open_by_handle_at opens any inode of a file system by its number,
          // around every directory's permissions (the "shocker" container escape).
          new Rule("name_to_handle_at", 303, 264, EPERM, Check.ALWAYS),
          new Rule("open_by_handle_at", 304, 265, EPERM, Check.ALWAYS),
          // Mounts and the root: refused by the program's lack of capabilities as well.
          new Rule("mount", 165, 40, EPERM, Check.ALWAYS),
          new Rule("umount2", 166, 39, EPERM, Check.ALWAYS),
          new Rule("pivot_root", 155, 41, EPERM, Check.ALWAYS),
          new Rule("chroot", 161, 51, EPERM, Check.ALWAYS),
          new Rule("open_tree", 428, 428, EPERM, Check.ALWAYS),
          new Rule("move_mount", 429, 429, EPERM, Check.ALWAYS),
          new Rule("fsopen", 430, 430, EPERM, Check.ALWAYS),
          new Rule("fsconfig", 431, 431, EPERM, Check.ALWAYS),
          new Rule("fsmount", 432, 432, EPERM, Check.ALWAYS),
          new Rule("fspick", 433, 433, EPERM, Check.ALWAYS),
          new Rule("mount_setattr", 442, 442, EPERM, Check.ALWAYS),
          // The kernel itself and the machine: modules, kexec, reboot, swap, clocks, accounting,
          // quotas, the kernel log, I/O ports, host and domain names. Each needs a capability.
          new Rule("init_module", 175, 105, EPERM, Check.ALWAYS),
          new Rule("finit_module", 313, 273, EPERM, Check.ALWAYS),
          new Rule("delete_module", 176, 106, EPERM, Check.ALWAYS),
          new Rule("create_module", 174, -1, EPERM, Check.ALWAYS),
          new Rule("query_module", 178, -1, EPERM, Check.ALWAYS),
          new Rule("get_kernel_syms", 177, -1, EPERM, Check.ALWAYS),
          new Rule("kexec_load", 246, 104, EPERM, Check.ALWAYS),
          new Rule("kexec_file_load", 320, 294, EPERM, Check.ALWAYS),
          new Rule("reboot", 169, 142, EPERM, Check.ALWAYS),
          new Rule("swapon", 167, 224, EPERM, Check.ALWAYS),
          new Rule("swapoff", 168, 225, EPERM, Check.ALWAYS),
          new Rule("acct", 163, 89, EPERM, Check.ALWAYS),
          new Rule("settimeofday", 164, 170, EPERM, Check.ALWAYS),
          new Rule("clock_settime", 227, 112, EPERM, Check.ALWAYS),
          new Rule("clock_adjtime", 305, 266, EPERM, Check.ALWAYS),
          new Rule("quotactl", 179, 60, EPERM, Check.ALWAYS),
          new Rule("quotactl_fd", 443, 443, EPERM, Check.ALWAYS),
          new Rule("syslog", 103, 116, EPERM, Check.ALWAYS),
          new Rule("iopl", 172, -1, EPERM, Check.ALWAYS),
          new Rule("ioperm", 173, -1, EPERM, Check.ALWAYS),
          new Rule("vhangup", 153, 58, EPERM, Check.ALWAYS),
          new Rule("sethostname", 170, 161, EPERM, Check.ALWAYS),
          new Rule("setdomainname", 171, 162, EPERM, Check.ALWAYS),
          // Obsolete calls that only old exploits use.
          new Rule("lookup_dcookie", 212, 18, EPERM, Check.ALWAYS),
          new Rule("nfsservctl", 180, 42, EPERM, Check.ALWAYS),
          new Rule("uselib", 134, -1, EPERM, Check.ALWAYS),
          new Rule("ustat", 136, -1, EPERM, Check.ALWAYS),
          new Rule("sysfs", 139, -1, EPERM, Check.ALWAYS),
          new Rule("_sysctl", 156, -1, EPERM, Check.ALWAYS));

  static final int AUDIT_ARCH_X86_64 = 0xC000003E;
  static final int AUDIT_ARCH_AARCH64 = 0xC00000B7;

  // Classic BPF, as linux/filter.h and linux/seccomp.h define it.
  private static final short LD_W_ABS = 0x20;
  private static final short JEQ_K = 0x15;
  private static final short JGE_K = 0x35;
  private static final short JSET_K = 0x45;
  private static final short RET_K = 0x06;
  private static final int RET_KILL_PROCESS = 0x80000000;
  private static final int RET_ERRNO = 0x00050000;
  private static final int RET_ALLOW = 0x7fff0000;
  private static final int NR = 0;
  private static final int ARCH = 4;
  private static final int ARG0 = 16;

  /** The most instructions the kernel takes in one filter. */
  private static final int MAX_INSTRUCTIONS = 4096;

  private SeccompPolicy() {}

  /** The architectures the policy knows. */
  enum Arch {
    X86_64(AUDIT_ARCH_X86_64),
    AARCH64(AUDIT_ARCH_AARCH64);

    final int audit;

    Arch(int audit) {
      this.audit = audit;
    }

    int number(Rule rule) {
      return this == X86_64 ? rule.x8664() : rule.aarch64();
    }

    /** This machine's. */
    static Arch current() {
      return switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> X86_64;
        case "aarch64" -> AARCH64;
        default ->
            throw new SandboxException(
                "the sandbox's seccomp policy knows x86_64 and aarch64 only, not "
                    + System.getProperty("os.arch"),
                false,
                null);
      };
    }
  }

  /**
   * The filter for {@code arch}: a system call of another architecture (the 32-bit entry points,
   * x32) kills the process; a call a rule matches fails with the rule's errno; any other is
   * allowed. As {@code struct sock_filter}s in the machine's byte order.
   */
  static byte[] program(Arch arch) {
    List<long[]> code = new ArrayList<>();
    code.add(insn(LD_W_ABS, 0, 0, ARCH));
    code.add(insn(JEQ_K, 1, 0, arch.audit));
    code.add(insn(RET_K, 0, 0, RET_KILL_PROCESS));
    code.add(insn(LD_W_ABS, 0, 0, NR));
    if (arch == Arch.X86_64) {
      // why: x32 calls share the architecture and have bit 30 set.
      code.add(insn(JGE_K, 0, 1, 0x40000000));
      code.add(insn(RET_K, 0, 0, RET_KILL_PROCESS));
    }
    for (Rule rule : RULES) {
      int nr = arch.number(rule);
      if (nr < 0) {
        continue;
      }
      int refuse = RET_ERRNO | rule.errno();
      switch (rule.check()) {
        case ALWAYS -> {
          code.add(insn(JEQ_K, 0, 1, nr));
          code.add(insn(RET_K, 0, 0, refuse));
        }
        case ANY_BIT_OF_FIRST_ARGUMENT -> {
          // why: once the argument is loaded the number is gone, so the block ends in a return.
          code.add(insn(JEQ_K, 0, 4, nr));
          code.add(insn(LD_W_ABS, 0, 0, ARG0));
          code.add(insn(JSET_K, 0, 1, (int) rule.values()[0]));
          code.add(insn(RET_K, 0, 0, refuse));
          code.add(insn(RET_K, 0, 0, RET_ALLOW));
        }
        case FIRST_ARGUMENT_NOT_AMONG -> {
          int n = rule.values().length;
          code.add(insn(JEQ_K, 0, n + 3, nr));
          code.add(insn(LD_W_ABS, 0, 0, ARG0));
          for (int i = 0; i < n; i++) {
            code.add(insn(JEQ_K, n - i, 0, (int) rule.values()[i]));
          }
          code.add(insn(RET_K, 0, 0, refuse));
          code.add(insn(RET_K, 0, 0, RET_ALLOW));
        }
      }
    }
    code.add(insn(RET_K, 0, 0, RET_ALLOW));
    if (code.size() > MAX_INSTRUCTIONS) {
      throw new IllegalStateException("the seccomp filter is too long: " + code.size());
    }
    ByteBuffer bytes = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.nativeOrder());
    for (long[] i : code) {
      bytes.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt((int) i[3]);
    }
    return bytes.array();
  }

  private static long[] insn(short code, int jt, int jf, int k) {
    if (jt > 255 || jf > 255) {
      throw new IllegalStateException("a seccomp jump too far: " + jt + ", " + jf);
    }
    return new long[] {code, jt, jf, k};
  }

  /**
   * Writes this machine's filter to {@code file} (replaced whole, so a run never reads half of it).
   *
   * @throws SandboxException (not retryable) when it cannot be written
   */
  static void writeTo(Path file) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), "seccomp-", ".tmp");
      Files.write(tmp, program(Arch.current()));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new SandboxException("cannot write the seccomp filter " + file + ": " + e, false, e);
    }
  }
}
