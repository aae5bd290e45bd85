package dev.verdict.worker.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reading and writing cgroup control files, and killing and removing cgroups. */
final class CgroupFiles {
  private static final long REMOVE_TIMEOUT_NANOS = 5_000_000_000L;

  private CgroupFiles() {}

  static void write(Path file, String value) {
    try {
      Files.writeString(file, value, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CgroupException("cannot write '" + value + "' to " + file + ": " + e, false, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new CgroupException("cannot read " + file + ": " + e, true, e);
    }
  }

  static long readLong(Path file) {
    String value = read(file);
    return value.equals("max") ? Long.MAX_VALUE : Long.parseLong(value);
  }

  /** The value of {@code key} in a flat-keyed file such as memory.events or cpu.stat, or 0. */
  static long readKey(Path file, String key) {
    for (String line : read(file).split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].equals(key)) {
        return Long.parseLong(parts[1]);
      }
    }
    return 0;
  }

  static void mkdir(Path dir) {
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // why: a directory left by this slot earlier is reused; leftovers are emptied separately.
    } catch (IOException e) {
      throw new CgroupException("cannot create cgroup " + dir + ": " + e, false, e);
    }
  }

  static List<Long> pids(Path dir) {
    List<Long> pids = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.trim()));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new CgroupException("cannot list processes of " + dir + ": " + e, true, e);
    }
    return pids;
  }

  /**
   * SIGKILLs every process in the cgroup until it is empty.
   *
   * <p>A pid read from cgroup.procs may belong to a process that exits a moment later, and the pid
   * may then be reused by an unrelated process. So each pid is first pinned to a handle (which
   * remembers the process's start time, and refuses to signal a different process under the same
   * pid), then the cgroup is listed again, and only handles whose pid is still listed are killed.
   */
  static void killAll(Path dir) {
    long deadline = System.nanoTime() + REMOVE_TIMEOUT_NANOS;
    for (List<Long> pids = pids(dir); !pids.isEmpty(); pids = pids(dir)) {
      List<ProcessHandle> handles =
          pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
      Set<Long> stillThere = new HashSet<>(pids(dir));
      for (ProcessHandle handle : handles) {
        if (stillThere.contains(handle.pid())) {
          handle.destroyForcibly();
        }
      }
      pause(deadline, dir);
    }
  }

  /**
   * Removes a cgroup and its descendants, killing what is left in them first. Processes leave a
   * cgroup a little after their parent saw them exit (bubblewrap's own init lingers), so an EBUSY
   * is retried.
   */
  /**
   * Removes a cgroup that has no child cgroups (a run's), killing what is left in it first. Unlike
   * {@link #remove}, it does not list the directory: a cgroup directory holds dozens of control
   * files, and telling them from child cgroups costs a stat each, on every run.
   */
  static void removeLeaf(Path dir) {
    long deadline = System.nanoTime() + REMOVE_TIMEOUT_NANOS;
    while (true) {
      killAll(dir);
      try {
        Files.delete(dir);
        return;
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        // why: EBUSY until the kernel has finished moving the last exited task out.
        pause(deadline, dir);
      }
    }
  }

  /**
   * Removes the group directory {@code dir} unless a cgroup below it is still there: the group is
   * shared by every worker of a host (each under the cores it leased), so the last one to stop
   * removes it. A worker that makes its core's cgroup right now keeps it too (the kernel refuses to
   * remove a cgroup with children).
   */
  static void removeIfUnused(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      if (children.anyMatch(Files::isDirectory)) {
        return;
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new CgroupException("cannot list " + dir + ": " + e, true, e);
    }
    try {
      Files.delete(dir);
    } catch (NoSuchFileException e) {
      // why: another worker of the host removed it first.
    } catch (IOException e) {
      // why: EBUSY or ENOTEMPTY: another worker's cgroup appeared below it; it is theirs now.
    }
  }

  static void remove(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.filter(Files::isDirectory).toList()) {
        remove(child);
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new CgroupException("cannot list " + dir + ": " + e, true, e);
    }
    long deadline = System.nanoTime() + REMOVE_TIMEOUT_NANOS;
    while (true) {
      killAll(dir);
      try {
        Files.delete(dir);
        return;
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        // why: EBUSY until the kernel has finished moving the last exited task out.
        pause(deadline, dir);
      }
    }
  }

  private static void pause(long deadline, Path dir) {
    if (System.nanoTime() > deadline) {
      throw new CgroupException(
          "cgroup " + dir + " did not empty in time (still " + pids(dir) + ")", true, null);
    }
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CgroupException("interrupted while emptying " + dir, true, e);
    }
  }
}
