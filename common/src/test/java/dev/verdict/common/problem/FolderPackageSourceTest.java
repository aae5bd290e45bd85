package dev.verdict.common.problem;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.config.ProblemsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPackageSourceTest extends PackageSourceContract {
  @TempDir Path root;

  @Override
  PackageSource open(Map<String, byte[]> files, Map<String, String> links, ProblemsConfig caps) {
    Path dir = root.resolve("pkg");
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.write(path, file.getValue());
      }
      for (Map.Entry<String, String> link : links.entrySet()) {
        Path path = dir.resolve(link.getKey());
        Files.createDirectories(path.getParent());
        Files.createSymbolicLink(path, Path.of(link.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FolderPackageSource.open(dir, caps);
  }

  @Test
  void a_file_that_changes_after_the_package_was_opened_is_refused_when_read() throws IOException {
    try (PackageSource source = open(files("data/sample/1.in", "1 2\n"))) {
      Files.writeString(root.resolve("pkg/data/sample/1.in"), "1 2 3\n");

      assertThatThrownBy(() -> source.read("data/sample/1.in"))
          .isInstanceOf(ProblemPackageException.class)
          .hasMessageContainingAll("data/sample/1.in", "changed");
    }
  }

  @Test
  void a_backslash_name_is_refused_in_data_and_left_out_where_verdict_never_reads() {
    Map<String, byte[]> odd = files("problem.yaml", "{}\n", "submissions/x/a#\\.bogus ext", "x");
    try (PackageSource source = open(odd)) {
      org.assertj.core.api.Assertions.assertThat(source.files()).containsOnlyKeys("problem.yaml");
    }

    assertThatThrownBy(() -> open(files("data/secret/a\\b.in", "1\n")))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContainingAll("data/secret/a\\b.in", "'\\'");
  }

  @Test
  void the_package_folder_may_itself_be_a_link() throws IOException {
    open(files("problem.yaml", "{}\n")).close();
    Path link = Files.createSymbolicLink(root.resolve("linked"), root.resolve("pkg"));

    try (PackageSource source = FolderPackageSource.open(link, DEFAULTS)) {
      org.assertj.core.api.Assertions.assertThat(source.files()).containsOnlyKeys("problem.yaml");
    }
  }
}
