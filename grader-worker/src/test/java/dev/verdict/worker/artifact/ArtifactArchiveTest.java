package dev.verdict.worker.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactArchiveTest {
  @TempDir Path temp;

  @Test
  void a_packed_directory_unpacks_with_its_files_modes_and_the_slots_owner() throws Exception {
    Path from = Files.createDirectories(temp.resolve("from"));
    Files.writeString(from.resolve("main.c"), "int main(){}");
    Path binary = Files.write(from.resolve("main"), new byte[] {0x7f, 'E', 'L', 'F'});
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createDirectories(from.resolve("pkg/sub"));
    Files.writeString(from.resolve("pkg/sub/A.class"), "class");
    Path to = Files.createDirectories(temp.resolve("to"));

    byte[] archive = ArtifactArchive.pack(from, 1 << 20).orElseThrow();
    ArtifactArchive.unpack(archive, to, 63_123);

    assertThat(Files.readString(to.resolve("main.c"))).isEqualTo("int main(){}");
    assertThat(Files.readAllBytes(to.resolve("main"))).containsExactly(0x7f, 'E', 'L', 'F');
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve("main"))))
        .isEqualTo("rwxr-x---");
    assertThat(Files.readString(to.resolve("pkg/sub/A.class"))).isEqualTo("class");
    assertThat(Files.getAttribute(to.resolve("pkg/sub/A.class"), "unix:uid")).isEqualTo(63_123);
    assertThat(Files.getAttribute(to.resolve("pkg"), "unix:gid")).isEqualTo(63_123);
  }

  @Test
  void a_file_already_there_is_replaced_by_a_new_one_and_a_matching_directory_kept()
      throws Exception {
    Path from = Files.createDirectories(temp.resolve("from"));
    Files.writeString(from.resolve("main.py"), "print(1)\n");
    Files.createDirectories(from.resolve("pkg"));
    Files.setPosixFilePermissions(
        from.resolve("pkg"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path to = Files.createDirectories(temp.resolve("to"));
    // The slot wrote the sources before compiling: owned by its uid, the mode its own.
    Path source = Files.writeString(to.resolve("main.py"), "print(1)\n");
    Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-------"));
    Files.setAttribute(source, "unix:uid", 63_123);
    Path pkg = Files.createDirectories(to.resolve("pkg"));
    Files.setPosixFilePermissions(pkg, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setAttribute(pkg, "unix:uid", 63_123);
    Files.setAttribute(pkg, "unix:gid", 63_123);
    Path oldFile = Files.createLink(temp.resolve("old-main.py"), source);
    Object pkgChanged = Files.getAttribute(pkg, "unix:ctime");

    ArtifactArchive.unpack(ArtifactArchive.pack(from, 1 << 20).orElseThrow(), to, 63_123);

    // why: a new file, whose mode root may set without CAP_FOWNER (a worker in a container).
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(oldFile)))
        .as("the old file, left alone")
        .isEqualTo("rw-------");
    assertThat(Files.readString(source)).isEqualTo("print(1)\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(source)))
        .isEqualTo("rw-r--r--");
    assertThat(Files.getAttribute(source, "unix:uid")).isEqualTo(63_123);
    assertThat(Files.getAttribute(pkg, "unix:ctime")).as("left as it was").isEqualTo(pkgChanged);
  }

  @Test
  void an_archive_s_entries_carry_no_extended_headers() throws Exception {
    Path from = Files.createDirectories(temp.resolve("plain"));
    Files.writeString(from.resolve("prog.py"), "print(1)\n");
    Files.createDirectories(from.resolve("pkg"));

    byte[] tar =
        new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(ArtifactArchive.pack(from, 1 << 20).orElseThrow()))
            .readAllBytes();

    // why: a header block's type flag is at byte 156; 'x' is a PAX extended header, which each
    // entry of an archive costs its unpacking once more (a recalled compile is unpacked per run).
    for (int block = 0; block + 512 <= tar.length; block += 512) {
      assertThat(tar[block + 156])
          .as("type flag at block %d", block / 512)
          .isNotEqualTo((byte) 'x');
    }
    assertThat(new String(tar, StandardCharsets.ISO_8859_1)).contains("prog.py").contains("pkg/");
  }

  @Test
  void a_directory_larger_than_the_cap_is_not_packed() throws Exception {
    Path from = Files.createDirectories(temp.resolve("big"));
    byte[] noise = new byte[256 * 1024];
    new java.util.Random(7).nextBytes(noise);
    Files.write(from.resolve("main"), noise);

    assertThat(ArtifactArchive.pack(from, 128 * 1024)).isEmpty();
    assertThat(ArtifactArchive.pack(from, 1 << 20)).isPresent();
  }

  @Test
  void a_directory_with_a_link_is_not_packed() throws Exception {
    Path from = Files.createDirectories(temp.resolve("linked"));
    Files.createSymbolicLink(from.resolve("passwd"), Path.of("/etc/passwd"));

    assertThat(ArtifactArchive.pack(from, 1 << 20)).isEmpty();
  }

  @Test
  void an_entry_leading_out_of_the_directory_is_refused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      byte[] content = "x".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("../escaped");
      entry.setSize(content.length);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    Path to = Files.createDirectories(temp.resolve("to"));

    assertThatThrownBy(() -> ArtifactArchive.unpack(bytes.toByteArray(), to, 63_123))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(temp.resolve("escaped")).doesNotExist();
  }
}
