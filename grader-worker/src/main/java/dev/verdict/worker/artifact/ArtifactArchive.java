package dev.verdict.worker.artifact;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A compiled program's directory as one gzipped tar: its directories and regular files with their
 * permission bits, nothing else (no owner, no links). Unpacked, every entry belongs to the slot's
 * uid, as the slot's own compile step would have left it.
 */
final class ArtifactArchive {
  /**
   * Every entry's modification time. why: unpacking gives each file the time it is written, so the
   * archive's is never read; an entry's default, the time of packing in milliseconds, made the tar
   * writer add an extended header for its fraction of a second to every entry, which cost each
   * recalled compile's unpacking more than the files did.
   */
  private static final long NO_TIME = 0L;

  private ArtifactArchive() {}

  /**
   * The directory's archive, or empty when it is larger than {@code maxBytes} or holds anything but
   * directories and regular files (what a compiler may leave, a link say, is then not shared).
   */
  static Optional<byte[]> pack(Path dir, long maxBytes) {
    CappedBytes bytes = new CappedBytes(maxBytes);
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = walk.filter(path -> !path.equals(dir)).sorted().toList();
      try (TarArchiveOutputStream tar =
          new TarArchiveOutputStream(new GZIPOutputStream(bytes, 64 * 1024))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Path path : paths) {
          String name = dir.relativize(path).toString();
          if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            TarArchiveEntry entry = new TarArchiveEntry(name + "/");
            entry.setModTime(NO_TIME);
            entry.setMode(040000 | mode(path));
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
          } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setModTime(NO_TIME);
            entry.setMode(0100000 | mode(path));
            entry.setSize(Files.size(path));
            tar.putArchiveEntry(entry);
            Files.copy(path, tar);
            tar.closeArchiveEntry();
          } else {
            return Optional.empty();
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // why: the streams between the tar and the bytes may wrap the cap's exception in their own.
      if (bytes.overflowed) {
        return Optional.empty();
      }
      throw new UncheckedIOException("cannot pack " + dir, asIo(e));
    }
    return Optional.of(bytes.toByteArray());
  }

  /**
   * Fills {@code dir} from an archive, every entry owned by {@code uid}: a file already there (a
   * source the slot wrote before) is replaced by the archive's, a directory already there with the
   * archive's owner and mode is kept.
   *
   * @throws IllegalArgumentException when an entry would land outside {@code dir} or is neither a
   *     directory nor a regular file
   */
  static void unpack(byte[] archive, Path dir, int uid) {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path path = dir.resolve(entry.getName()).normalize();
        if (!path.startsWith(dir) || path.equals(dir)) {
          throw new IllegalArgumentException("archive entry outside its directory: " + entry);
        }
        // why: the set-id and sticky bits are never the compiler's to give.
        Set<PosixFilePermission> mode = permissions(entry.getMode() & 0777);
        if (entry.isDirectory()) {
          if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && ownedAs(path, uid, mode)) {
            continue;
          }
          Files.createDirectories(path);
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          // why: a new file, not the old one rewritten: a worker in a container may lack
          // CAP_FOWNER, and then cannot change the mode of a file the slot's uid owns.
          Files.deleteIfExists(path);
          copy(tar, path);
        } else {
          throw new IllegalArgumentException("archive entry of an unshared kind: " + entry);
        }
        Files.setPosixFilePermissions(path, mode);
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack a compiled program into " + dir, e);
    }
  }

  private static boolean ownedAs(Path path, int uid, Set<PosixFilePermission> mode)
      throws IOException {
    return (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid
        && (int) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) == uid
        && Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(mode);
  }

  private static IOException asIo(Exception e) {
    return e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
  }

  private static void copy(InputStream in, Path path) throws IOException {
    try (OutputStream out = Files.newOutputStream(path)) {
      in.transferTo(out);
    }
  }

  private static int mode(Path path) throws IOException {
    int mode = 0;
    for (PosixFilePermission permission :
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
      mode |= 0400 >> permission.ordinal();
    }
    return mode;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 0; bit < 9; bit++) {
      text.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
    }
    return PosixFilePermissions.fromString(text.toString());
  }

  /** An in-memory stream that refuses to grow beyond its cap. */
  private static final class CappedBytes extends ByteArrayOutputStream {
    private final long max;
    private volatile boolean overflowed;

    CappedBytes(long max) {
      this.max = max;
    }

    @Override
    public synchronized void write(int b) {
      ensure(1);
      super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      ensure(len);
      super.write(b, off, len);
    }

    private void ensure(int more) {
      if (count + (long) more > max) {
        overflowed = true;
        throw new TooLargeException();
      }
    }
  }

  private static final class TooLargeException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super(new IOException("the compiled program exceeds its cap"));
    }
  }
}
