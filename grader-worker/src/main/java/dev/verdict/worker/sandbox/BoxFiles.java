package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Empties a Docker sandbox's writable directories, from the engine's host through
 * /proc/&lt;pid&gt;/root. Nothing here follows a symbolic link: a link the program made (to
 * /etc/shadow, say) is deleted as a link, never resolved on the host.
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
   * Deletes everything below {@code dir} but the mount points of {@code mounts} and the directories
   * that lead to them.
   *
   * @param mounts tells, of an entry, whether it is a mount point ({@link Keep#MOUNT}: left as it
   *     is, never entered), leads to one ({@link Keep#PATH}: emptied around it) or neither
   * @return how many entries were deleted (a deleted directory counts as one)
   */
  static int empty(Path dir, Function<Path, Keep> mounts) throws IOException {
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      return 0;
    }
    int deleted = 0;
    for (Path entry : list(dir)) {
      switch (mounts.apply(entry)) {
        case MOUNT -> {}
        case PATH -> deleted += empty(entry, mounts);
        case NONE -> {
          delete(entry);
          deleted++;
        }
      }
    }
    return deleted;
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
