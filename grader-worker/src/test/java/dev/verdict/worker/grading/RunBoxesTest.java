package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's box: the work directory itself, or a fresh copy of it owned by the slot's uid. */
class RunBoxesTest {
  private static final int UID = 64_123;

  @TempDir Path root;

  @Test
  void a_run_that_may_not_write_gets_the_work_directory_itself() {
    Path work = root.resolve("submission");
    RunBoxes boxes = new RunBoxes(root.resolve("box"), UID);

    try (RunBoxes.Box box = boxes.open(work, false)) {
      assertThat(box.dir()).isEqualTo(work);
      assertThat(box.writable()).isFalse();
    }
    assertThat(root.resolve("box")).doesNotExist();
  }

  @Test
  void a_writing_run_gets_a_copy_of_its_own_that_the_next_run_never_sees() throws IOException {
    Path work = root.resolve("submission");
    Files.createDirectories(work.resolve("pkg"));
    Files.writeString(work.resolve("main.py"), "print(1)\n");
    Files.writeString(work.resolve("pkg/data.txt"), "data\n");
    Files.createSymbolicLink(work.resolve("passwd"), Path.of("/etc/passwd"));
    RunBoxes boxes = new RunBoxes(root.resolve("box"), UID);

    try (RunBoxes.Box box = boxes.open(work, true)) {
      assertThat(box.writable()).isTrue();
      assertThat(box.dir()).isNotEqualTo(work);
      assertThat(box.dir().resolve("pkg/data.txt")).hasContent("data");
      assertThat(Files.getAttribute(box.dir(), "unix:uid")).isEqualTo(UID);
      assertThat(Files.getAttribute(box.dir().resolve("main.py"), "unix:uid")).isEqualTo(UID);
      // the link is copied as a link, never followed on the host
      assertThat(Files.isSymbolicLink(box.dir().resolve("passwd"))).isTrue();
      assertThat(
              Files.getAttribute(
                  box.dir().resolve("passwd"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(UID);
      Files.writeString(box.dir().resolve("left.txt"), "from run 1");
      Files.delete(box.dir().resolve("main.py"));
    }
    try (RunBoxes.Box box = boxes.open(work, true)) {
      assertThat(box.dir().resolve("left.txt")).doesNotExist();
      assertThat(box.dir().resolve("main.py")).hasContent("print(1)");
    }
    assertThat(root.resolve("box")).doesNotExist();
    assertThat(work.resolve("left.txt")).doesNotExist();
    assertThat(Files.getAttribute(work.resolve("main.py"), "unix:uid")).isEqualTo(0);
  }
}
