package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FavorDynmodsTest {
  @TempDir Path temp;

  private Path mountinfo(String... lines) throws IOException {
    Path file = temp.resolve("mountinfo");
    Files.write(file, java.util.List.of(lines));
    return file;
  }

  @Test
  void a_cgroup2_mount_that_already_favors_dynamic_modifications_is_left_alone()
      throws IOException {
    Path info =
        mountinfo(
            "35 24 0:30 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,favordynmods");

    assertThat(FavorDynmods.enable(info)).isEqualTo("favordynmods already on");
  }

  @Test
  void without_any_cgroup2_mount_nothing_is_remounted() throws IOException {
    Path info = mountinfo("36 24 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory");

    assertThat(FavorDynmods.enable(info)).contains("no cgroup2 mount");
  }

  @Test
  void this_machine_ends_up_with_the_option_on() throws IOException {
    FavorDynmods.enable();

    assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
        .filteredOn(line -> line.contains(" - cgroup2 "))
        .allMatch(line -> line.contains("favordynmods"));
  }
}
