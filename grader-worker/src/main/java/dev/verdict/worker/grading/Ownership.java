package dev.verdict.worker.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

/** Who owns the files a sandboxed run works on. */
final class Ownership {
  private Ownership() {}

  /** Makes {@code path} the sandbox uid's (and gid's), so a run as that uid can write it. */
  static void give(Path path, int uid) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Makes a tree root's and read-only for everyone else: directories 0755, executables 0755, other
   * files 0644. Symbolic links are left alone and not followed.
   */
  static void takeBack(Path tree) throws IOException {
    try (Stream<Path> walk = Files.walk(tree)) {
      for (Path path : walk.toList()) {
        if (Files.isSymbolicLink(path)) {
          continue;
        }
        Files.setAttribute(path, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
        boolean executable =
            Files.isDirectory(path)
                || Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_EXECUTE);
        Files.setPosixFilePermissions(
            path,
            executable
                ? Set.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_EXECUTE)
                : Set.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.OTHERS_READ));
      }
    }
  }
}
