package dev.verdict.system;

import dev.verdict.common.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What grader workers may leave on the host once they are gone: processes of the sandbox uids,
 * mounts under their work directories, cgroups of their namespace and files of their runs. Each
 * method lists what it finds, so a failed assertion shows it.
 */
final class SandboxLeftovers {
  /** The span of uids above a base that slots (or their warm compilers) may run as. */
  private static final int UID_SPAN = 4096;

  private SandboxLeftovers() {}

  /** Every process whose real or effective uid is one a slot or its warm compiler runs as. */
  static List<String> processesOfSandboxUids(WorkerConfig worker) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        List<String> status;
        try {
          status = Files.readAllLines(proc.resolve("status"));
        } catch (NoSuchFileException e) {
          continue; // why: it ended while the list was read.
        }
        for (String line : status) {
          if (line.startsWith("Uid:")) {
            String[] ids = line.substring(4).trim().split("\\s+");
            for (int i = 0; i < 2; i++) {
              int uid = Integer.parseInt(ids[i]);
              if (within(uid, worker.uidBase()) || within(uid, worker.compilerUidBase())) {
                found.add(proc.getFileName() + " (uid " + uid + ")");
                break;
              }
            }
          }
        }
      }
    }
    return found;
  }

  private static boolean within(int uid, int base) {
    return uid >= base && uid < base + UID_SPAN;
  }

  /** The mount points at or below {@code dir} in this process's mount namespace. */
  static List<String> mountsUnder(Path dir) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> line.split(" ")[4])
        .filter(mountPoint -> Path.of(mountPoint).startsWith(dir))
        .toList();
  }

  /** The cgroup directories named {@code namespace} under this JVM's own cgroups. */
  static List<Path> cgroupsOf(String namespace) throws IOException {
    List<Path> left = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] parts = line.split(":", 3);
      for (String controller : parts[1].split(",")) {
        if (List.of("memory", "pids", "cpuacct", "cpuset").contains(controller)) {
          Path group = Path.of("/sys/fs/cgroup", controller, parts[2].substring(1), namespace);
          if (Files.exists(group)) {
            left.add(group);
          }
        }
      }
    }
    return left;
  }

  /** The files left in the run areas ({@code core-N/runs}) of a worker's work directory. */
  static List<Path> runFiles(Path workDir) throws IOException {
    List<Path> left = new ArrayList<>();
    if (!Files.isDirectory(workDir)) {
      return left;
    }
    try (Stream<Path> cores = Files.list(workDir)) {
      for (Path core : cores.filter(p -> p.getFileName().toString().startsWith("core-")).toList()) {
        Path runs = core.resolve("runs");
        if (Files.isDirectory(runs)) {
          try (Stream<Path> files = Files.list(runs)) {
            files.forEach(left::add);
          }
        }
      }
    }
    return left;
  }
}
