package dev.verdict.api.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Zip uploads for the API's tests, hostile ones included: {@code new TestZips().add("p/a",
 * "x").symlink("p/b", "/etc").bytes()}.
 */
final class TestZips {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out);

  /** Every file of a folder, each named {@code top/<its path>}. */
  static byte[] ofFolder(Path dir, String top) {
    TestZips zips = new TestZips();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        zips.add(top + "/" + dir.relativize(file), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return zips.bytes();
  }

  /** Names from here on are written in ISO-8859-1 without the UTF-8 flag. */
  TestZips latin1() {
    zip.setEncoding("ISO-8859-1");
    zip.setUseLanguageEncodingFlag(false);
    return this;
  }

  TestZips add(String name, String content) {
    return add(name, content.getBytes(StandardCharsets.UTF_8));
  }

  TestZips add(String name, byte[] content) {
    return entry(name, content, 0100644);
  }

  TestZips symlink(String name, String target) {
    return entry(name, target.getBytes(StandardCharsets.UTF_8), 0120777);
  }

  private TestZips entry(String name, byte[] content, int unixMode) {
    try {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setUnixMode(unixMode);
      zip.putArchiveEntry(entry);
      zip.write(content);
      zip.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] bytes() {
    try {
      zip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
