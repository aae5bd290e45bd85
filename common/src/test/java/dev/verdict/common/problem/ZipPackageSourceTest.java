package dev.verdict.common.problem;

import static dev.verdict.common.problem.PackageZip.aZip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.config.ProblemsConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ZipPackageSourceTest extends PackageSourceContract {
  private static final int MIB = 1 << 20;

  @Override
  PackageSource open(Map<String, byte[]> files, Map<String, String> links, ProblemsConfig caps) {
    PackageZip zip = aZip();
    files.forEach((path, content) -> zip.file("pkg/" + path, content));
    links.forEach((path, target) -> zip.symlink("pkg/" + path, target));
    return ZipPackageSource.open(zip.bytes(), caps);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      byte[] zip, ProblemsConfig caps) {
    return assertThatThrownBy(() -> ZipPackageSource.open(zip, caps))
        .isInstanceOf(ProblemPackageException.class);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(PackageZip zip) {
    return assertRefused(zip.bytes(), DEFAULTS);
  }

  @Test
  void files_at_the_top_of_the_zip_make_a_package_without_a_name() {
    try (PackageSource source =
        ZipPackageSource.open(
            aZip().file("problem.yaml", "{}\n").file("data/sample/1.in", "1\n").bytes(),
            DEFAULTS)) {
      assertThat(source.name()).isNull();
      assertThat(source.files()).containsOnlyKeys("problem.yaml", "data/sample/1.in");
    }
  }

  @Test
  void macos_metadata_beside_the_top_folder_is_left_out() {
    byte[] zip =
        aZip().file("sum/problem.yaml", "{}\n").file("__MACOSX/sum/._problem.yaml", "x").bytes();

    try (PackageSource source = ZipPackageSource.open(zip, DEFAULTS)) {
      assertThat(source.name()).isEqualTo("sum");
      assertThat(source.files()).containsOnlyKeys("problem.yaml");
    }
  }

  @Test
  void a_path_climbing_out_of_the_package_is_refused() {
    assertRefused(aZip().file("pkg/problem.yaml", "{}\n").file("pkg/../../etc/cron.d/x", "boom"))
        .hasMessageContainingAll("pkg/../../etc/cron.d/x", "'..' is not allowed");
  }

  @Test
  void an_absolute_path_is_refused() {
    assertRefused(aZip().file("/etc/passwd", "root::0:0::/:/bin/sh\n"))
        .hasMessageContainingAll("/etc/passwd", "absolute paths are not allowed");
  }

  @Test
  void a_windows_drive_path_is_refused() {
    assertRefused(aZip().file("C:/Windows/x", "x")).hasMessageContaining("absolute paths");
  }

  @Test
  void a_backslash_path_is_refused() {
    assertRefused(aZip().file("pkg/data\\sample\\1.in", "x")).hasMessageContaining("'\\'");
  }

  @Test
  void a_backslash_name_where_verdict_never_reads_is_left_out() {
    byte[] zip =
        aZip()
            .file("pkg/problem.yaml", "{}\n")
            .file("pkg/submissions/compiler_error/x/a#\\.bogus ext", "x")
            .bytes();

    try (PackageSource source = ZipPackageSource.open(zip, DEFAULTS)) {
      assertThat(source.files()).containsOnlyKeys("problem.yaml");
    }
  }

  @Test
  void an_entry_appearing_twice_is_refused_naming_it() {
    assertRefused(aZip().file("pkg/problem.yaml", "a: 1\n").file("pkg/problem.yaml", "a: 2\n"))
        .hasMessageContainingAll("pkg/problem.yaml", "appears twice");
  }

  @Test
  void a_name_that_is_not_utf8_is_refused_naming_its_position() {
    assertRefused(
            aZip().file("pkg/problem.yaml", "{}\n").file("pkg/caf\u00e9.in", "1").latin1Names())
        .hasMessageContainingAll("entry 1", "not valid UTF-8");
  }

  @Test
  void a_path_that_is_both_a_file_and_a_folder_is_refused() {
    assertRefused(aZip().file("pkg/data", "x").file("pkg/data/sample/1.in", "1"))
        .hasMessageContainingAll("pkg/data", "both a file and a folder");
  }

  @Test
  void bytes_that_are_no_zip_are_refused() {
    assertRefused("not a zip at all".getBytes(java.nio.charset.StandardCharsets.UTF_8), DEFAULTS)
        .hasMessageContaining("not a readable zip archive");
  }

  @Test
  void a_package_larger_than_max_package_bytes_is_refused_naming_the_key() {
    byte[] zip = aZip().file("pkg/problem.yaml", "{}\n").bytes();
    ProblemsConfig caps = new ProblemsConfig(zip.length - 1, null, null, null, null, null, null);

    assertRefused(zip, caps).hasMessageContaining("problems.maxPackageBytes");
  }

  @Test
  void an_entry_inflating_beyond_the_compression_ratio_is_refused_naming_it() {
    byte[] zip = aZip().file("pkg/data/secret/bomb.in", new byte[8 * MIB]).bytes();

    assertRefused(zip, ratio(100))
        .hasMessageContainingAll("data/secret/bomb.in", "problems.maxCompressionRatio (100)");
  }

  @Test
  void many_small_entries_inflating_beyond_the_ratio_together_are_refused() {
    PackageZip zip = aZip();
    for (int i = 0; i < 8; i++) {
      // why: each stays under the ratio's grace, so only the package's total can trip it.
      zip.file("pkg/data/secret/" + i + ".in", new byte[MIB - 1]);
    }

    assertRefused(zip.bytes(), ratio(100))
        .hasMessageContainingAll("the package inflates", "problems.maxCompressionRatio (100)");
  }

  @Test
  void a_package_inflating_beyond_max_uncompressed_bytes_is_refused_while_inflating() {
    byte[] zip =
        aZip().file("pkg/a.in", new byte[3 * MIB]).file("pkg/b.in", new byte[3 * MIB]).bytes();
    ProblemsConfig caps = new ProblemsConfig(null, 5L * MIB, null, null, 100_000, null, null);

    assertRefused(zip, caps).hasMessageContaining("problems.maxUncompressedBytes");
  }

  @Test
  void sizes_claimed_by_the_headers_are_not_trusted() {
    byte[] zip = understateSizes(aZip().file("pkg/data/secret/big.in", new byte[2 * MIB]).bytes());
    ProblemsConfig caps = new ProblemsConfig(null, null, null, MIB, 100_000, null, null);

    assertRefused(zip, caps)
        .hasMessageContainingAll("data/secret/big.in", "problems.maxFileBytes (1048576 bytes)");
  }

  private static ProblemsConfig ratio(int ratio) {
    return new ProblemsConfig(null, null, null, null, ratio, null, null);
  }

  /**
   * Rewrites every size a zip's headers state (central directory, local headers and data
   * descriptors) to one byte, as a forged archive would.
   */
  private static byte[] understateSizes(byte[] zip) {
    ByteBuffer buffer = ByteBuffer.wrap(zip.clone()).order(ByteOrder.LITTLE_ENDIAN);
    int patched = 0;
    for (int i = 0; i + 4 <= zip.length; i++) {
      int signature = buffer.getInt(i);
      if (signature == 0x02014b50) {
        buffer.putInt(i + 24, 1);
        patched++;
      } else if (signature == 0x04034b50) {
        buffer.putInt(i + 22, 1);
      } else if (signature == 0x08074b50) {
        buffer.putInt(i + 12, 1);
      }
    }
    assertThat(patched).as("central directory entries rewritten").isPositive();
    return buffer.array();
  }
}
