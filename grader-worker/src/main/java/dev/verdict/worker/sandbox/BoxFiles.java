package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Copies a work directory into a Docker sandbox's /box and back, and empties the sandbox's writable
 * directories, from the engine's host through /proc/&lt;pid&gt;/root. Nothing here follows a
 * symbolic link: a link the program made (to /etc/shadow, say) is copied as a link or deleted as a
 * link, never resolved on the host.
 */
final class BoxFiles {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Set<PosixFilePermission> WRITE =
      EnumSet.of(
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_WRITE);

  private BoxFiles() {}

  /**
   * Copies each entry of {@code from} into {@code box}, owned by {@code uid}; without write
   * permission when {@code readOnly}.
   */
  static void copyIn(Path from, Path box, int uid, boolean readOnly) throws IOException {
    for (Path entry : list(from)) {
      copy(entry, box.resolve(entry.getFileName().toString()), uid, readOnly);
    }
  }

  /**
   * Makes {@code workDir} hold what {@code box} holds after a compile step: entries copied back
   * (owned by {@code uid}), entries the step removed removed.
   */
  static void copyOut(Path box, Path workDir, int uid) throws IOException {
    for (Path entry : list(workDir)) {
      if (!Files.exists(box.resolve(entry.getFileName().toString()), NOFOLLOW)) {
        delete(entry);
      }
    }
    for (Path entry : list(box)) {
      Path target = workDir.resolve(entry.getFileName().toString());
      delete(target);
      copy(entry, target, uid, false);
    }
  }

  /**
   * Deletes everything below {@code dir} but the mount points of {@code mounts} and the directories
   * that lead to them.
   *
   * @param mounts tells, of an entry, whether it is a mount point ({@link Keep#MOUNT}: left as it
   *     is, never entered), leads to one ({@link Keep#PATH}: emptied around it) or neither
   */
  static void empty(Path dir, Function<Path, Keep> mounts) throws IOException {
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      return;
    }
    for (Path entry : list(dir)) {
      switch (mounts.apply(entry)) {
        case MOUNT -> {}
        case PATH -> empty(entry, mounts);
        case NONE -> delete(entry);
      }
    }
  }

  /** What of an entry must stay when its directory is emptied. */
  enum Keep {
    /** A mount point: a read-only path bound into the container. */
    MOUNT,
    /** A directory on the way to a mount point. */
    PATH,
    /** Nothing. */
    NONE
  }

  private static void copy(Path source, Path target, int uid, boolean readOnly) throws IOException {
    if (Files.isSymbolicLink(source)) {
      Files.createSymbolicLink(target, Files.readSymbolicLink(source));
      Files.setAttribute(target, "unix:uid", uid, NOFOLLOW);
      Files.setAttribute(target, "unix:gid", uid, NOFOLLOW);
      return;
    }
    if (Files.isDirectory(source, NOFOLLOW)) {
      Files.createDirectory(target);
      for (Path entry : list(source)) {
        copy(entry, target.resolve(entry.getFileName().toString()), uid, readOnly);
      }
    } else if (Files.isRegularFile(source, NOFOLLOW)) {
      Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
    } else {
      // why: a fifo, socket or device of a work directory is nothing a run needs.
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(source, NOFOLLOW);
    if (readOnly) {
      permissions.removeAll(WRITE);
    }
    Files.setPosixFilePermissions(target, permissions);
    Files.setAttribute(target, "unix:uid", uid, NOFOLLOW);
    Files.setAttribute(target, "unix:gid", uid, NOFOLLOW);
  }

  private static void delete(Path path) throws IOException {
    if (Files.isDirectory(path, NOFOLLOW)) {
      for (Path entry : list(path)) {
        delete(entry);
      }
    }
    Files.deleteIfExists(path);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    }
  }
}
