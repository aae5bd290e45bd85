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
    return new ProblemsConfig(null, maxUncompressedBytes, maxFiles, maxFileBytes, null, null, null);
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
  void a_symbolic_link_to_a_file_inside_shows_that_file_under_its_own_name() {
    try (PackageSource source =
        open(
            files("data/secret/g1/1.in", "7\n", "data/secret/g1/1.ans", "28\n"),
            Map.of("data/secret/g2/1.in", "../g1/1.in"),
            DEFAULTS)) {
      assertThat(source.files().get("data/secret/g2/1.in"))
          .isEqualTo(new PackageFile("data/secret/g2/1.in", 2, Sha256.hex(utf8("7\n"))));
      assertThat(source.read("data/secret/g2/1.in")).isEqualTo(utf8("7\n"));
    }
  }

  @Test
  void a_symbolic_link_to_a_folder_inside_shows_its_files_under_the_link() {
    try (PackageSource source =
        open(
            files("data/secret/g1/1.in", "7\n", "data/secret/g1/1.ans", "28\n"),
            Map.of("data/secret/g2", "g1", "data/secret/g3", "g2"),
            DEFAULTS)) {
      assertThat(source.files())
          .containsOnlyKeys(
              "data/secret/g1/1.in",
              "data/secret/g1/1.ans",
              "data/secret/g2/1.in",
              "data/secret/g2/1.ans",
              "data/secret/g3/1.in",
              "data/secret/g3/1.ans");
      assertThat(source.read("data/secret/g3/1.ans")).isEqualTo(utf8("28\n"));
    }
  }

  @Test
  void a_symbolic_link_leaving_the_package_is_refused_naming_it() {
    assertLinkRefused(
        Map.of("data/secret/1.in", "../../../../etc/passwd"),
        "data/secret/1.in",
        "symbolic link",
        "leaves the package");
  }

  @Test
  void an_absolute_symbolic_link_is_refused_naming_it() {
    assertLinkRefused(
        Map.of("data/secret/1.in", "/etc/passwd"), "data/secret/1.in", "symbolic link", "absolute");
  }

  @Test
  void a_dangling_symbolic_link_is_refused_naming_it() {
    assertLinkRefused(
        Map.of("data/secret/1.in", "2.in"), "data/secret/1.in", "points to nothing in the package");
  }

  @Test
  void symbolic_links_in_a_loop_are_refused() {
    assertLinkRefused(
        Map.of("data/secret/a", "b", "data/secret/b", "a"), "data/secret/a", "more than 40 links");
  }

  @Test
  void a_symbolic_link_to_its_own_folder_is_refused() {
    assertLinkRefused(Map.of("data/secret/up", ".."), "data/secret/up", "loop");
  }

  private void assertLinkRefused(Map<String, String> links, String... fragments) {
    assertThatThrownBy(() -> open(files("problem.yaml", "{}\n"), links, DEFAULTS))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContainingAll(fragments);
  }

  @Test
  void a_link_leaving_the_package_where_verdict_never_reads_is_left_out() {
    try (PackageSource source =
        open(
            files("problem.yaml", "{}\n"),
            Map.of("problem.pdf", "../../doc/p.pdf", "submissions/accepted/a.c", "/etc/passwd"),
            DEFAULTS)) {
      assertThat(source.files()).containsOnlyKeys("problem.yaml");
    }
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
