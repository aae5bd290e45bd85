package dev.verdict.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The default sandbox image's root file system as a tar archive, the same that {@code
 * images/images.sh} ({@code image_sandbox_root}) imports: empty directories for the mount points,
 * an empty /etc/ld.so.cache, and the root entries that are links into /usr on this host as the same
 * links (the others empty directories). Everything of the host's system is bound in at run time
 * ({@link DockerSandbox}), so the archive is a few kilobytes, made here rather than shipped.
 */
final class SandboxRootImage {
  private static final String[] DIRECTORIES = {"usr", "box", "tmp", "proc", "dev", "sys", "etc"};

  private SandboxRootImage() {}

  /** The archive, for {@link DockerEngine#importImage}. */
  static byte[] tar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (String dir : DIRECTORIES) {
        directory(tar, dir);
      }
      TarArchiveEntry cache = owned(new TarArchiveEntry("etc/ld.so.cache"));
      cache.setSize(0);
      tar.putArchiveEntry(cache);
      tar.closeArchiveEntry();
      for (String entry : DockerEngine.ROOT_ENTRIES) {
        Path path = Path.of(entry);
        String name = entry.substring(1);
        if (Files.isSymbolicLink(path)) {
          TarArchiveEntry link = owned(new TarArchiveEntry(name, TarConstants.LF_SYMLINK));
          link.setLinkName(Files.readSymbolicLink(path).toString());
          tar.putArchiveEntry(link);
          tar.closeArchiveEntry();
        } else if (Files.isDirectory(path)) {
          directory(tar, name);
        }
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = owned(new TarArchiveEntry(name + "/"));
    entry.setMode(040755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry owned(TarArchiveEntry entry) {
    entry.setIds(0, 0);
    return entry;
  }
}
