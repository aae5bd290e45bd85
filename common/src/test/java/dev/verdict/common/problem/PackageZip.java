package dev.verdict.common.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes zips for tests, hostile ones included (names climbing out, symbolic links, duplicates,
 * names that are not UTF-8): {@code aZip().file("sum/problem.yaml", "name: Sum\n").bytes()}.
 */
final class PackageZip {
  private static final int SYMLINK = 0120777;

  private record Entry(String name, byte[] content, int unixMode) {}

  private final List<Entry> entries = new ArrayList<>();
  private boolean latin1;

  static PackageZip aZip() {
    return new PackageZip();
  }

  /** Every file under {@code dir}, each named {@code top/<its path in dir>}. */
  static PackageZip ofFolder(Path dir, String top) {
    PackageZip zip = aZip();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        zip.file(top + "/" + dir.relativize(file), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return zip;
  }

  PackageZip file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  PackageZip file(String name, byte[] content) {
    entries.add(new Entry(name, content, 0100644));
    return this;
  }

  PackageZip symlink(String name, String target) {
    entries.add(new Entry(name, target.getBytes(StandardCharsets.UTF_8), SYMLINK));
    return this;
  }

  /** Names are written in ISO-8859-1 without the UTF-8 flag, as old zip tools do. */
  PackageZip latin1Names() {
    latin1 = true;
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      if (latin1) {
        zip.setEncoding("ISO-8859-1");
        zip.setUseLanguageEncodingFlag(false);
      }
      for (Entry entry : entries) {
        ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name());
        zipEntry.setUnixMode(entry.unixMode());
        zip.putArchiveEntry(zipEntry);
        zip.write(entry.content());
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
