package dev.verdict.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.blob.Sha256;
import dev.verdict.common.config.ProblemsConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PackageSource} does, whether the package is a folder or a zip. Subclasses open
 * a package named {@code pkg} holding the given files.
 */
abstract class PackageSourceContract {
  static final ProblemsConfig DEFAULTS = ProblemsConfig.defaults();

  /**
   * @param files content by path in the package
   * @param links symbolic links in the package: target by path
   */
  abstract PackageSource open(
      Map<String, byte[]> files, Map<String, String> links, ProblemsConfig caps);

  PackageSource open(Map<String, byte[]> files) {
    return open(files, Map.of(), DEFAULTS);
  }

  static ProblemsConfig caps(int maxFiles, int maxFileBytes, long maxUncompressedBytes) {
    return new ProblemsConfig(null, maxUncompressedBytes, maxFiles, maxFileBytes, null, null);
  }

  static Map<String, byte[]> files(String... pathsAndContents) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  @Test
  void every_file_is_listed_in_path_order_with_its_size_and_sha256() {
    try (PackageSource source =
        open(files("problem.yaml", "name: P\n", "data/sample/1.in", "1 2\n"))) {
      assertThat(source.files())
          .containsExactly(
              Map.entry(
                  "data/sample/1.in",
                  new PackageFile("data/sample/1.in", 4, Sha256.hex(utf8("1 2\n")))),
              Map.entry(
                  "problem.yaml",
                  new PackageFile("problem.yaml", 8, Sha256.hex(utf8("name: P\n")))));
    }
  }

  @Test
  void a_listed_file_reads_back_as_its_content() {
    try (PackageSource source = open(files("data/secret/a.ans", "42\n"))) {
      assertThat(source.read("data/secret/a.ans")).isEqualTo(utf8("42\n"));
    }
  }

  @Test
  void the_package_is_named_after_its_folder() {
    try (PackageSource source = open(files("problem.yaml", "{}\n"))) {
      assertThat(source.name()).isEqualTo("pkg");
    }
  }

  @Test
  void files_in_folders_starting_with_a_dot_are_left_out_and_files_starting_with_one_are_kept() {
    try (PackageSource source =
        open(files(".git/config", "[core]\n", ".timelimit", "2\n", "data/.cache/x", "x"))) {
      assertThat(source.files()).containsOnlyKeys(".timelimit");
    }
  }

  @Test
  void a_symbolic_link_is_refused_naming_it() {
    assertThatThrownBy(
            () ->
                open(
                    files("problem.yaml", "{}\n"),
                    Map.of("data/secret/1.in", "/etc/passwd"),
                    DEFAULTS))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContainingAll("data/secret/1.in", "symbolic link");
  }

  @Test
  void more_files_and_folders_than_max_files_are_refused_naming_the_key() {
    assertThatThrownBy(
            () -> open(files("a", "1", "b", "2", "c", "3", "d", "4"), Map.of(), caps(3, 100, 1000)))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContaining("problems.maxFiles (3)");
  }

  @Test
  void a_file_over_max_file_bytes_is_refused_naming_it_and_the_key() {
    assertThatThrownBy(
            () -> open(files("small", "12345", "data/big", "123456"), Map.of(), caps(100, 5, 1000)))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContainingAll("data/big", "problems.maxFileBytes (5 bytes)");
  }

  @Test
  void files_adding_up_beyond_max_uncompressed_bytes_are_refused_naming_the_key() {
    assertThatThrownBy(
            () -> open(files("a", "1234", "b", "1234", "c", "1234"), Map.of(), caps(100, 5, 10)))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContaining("problems.maxUncompressedBytes (10 bytes)");
  }

  @Test
  void reading_a_path_that_is_not_listed_is_refused_naming_it() {
    try (PackageSource source = open(files("problem.yaml", "{}\n"))) {
      assertThatThrownBy(() -> source.read("../outside"))
          .isInstanceOf(ProblemPackageException.class)
          .hasMessageContaining("../outside");
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
