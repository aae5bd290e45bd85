package dev.verdict.worker.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a test run's {@code /box} comes from. By default it is the work directory itself, bound
 * read-only, so no run can change what the next one sees. A problem that allows file writing
 * (2023-07 {@code allow_file_writing}, every legacy package) gets a fresh copy of the work
 * directory per run, owned by the slot's uid and bound writable: the run may create, change and
 * delete files there, within the slot's work area, and the next run starts from the compiled
 * program again.
 */
final class RunBoxes {
  private final Path copy;
  private final int uid;

  /**
   * @param copy where a writable copy is made, on the slot's work area; replaced at every run
   * @param uid the slot's uid, which owns the copy
   */
  RunBoxes(Path copy, int uid) {
    this.copy = copy;
    this.uid = uid;
  }

  /**
   * One run's box.
   *
   * @param dir what the run sees as {@code /box}
   * @param writable whether the run may write it
   */
  record Box(Path dir, boolean writable) implements AutoCloseable {
    @Override
    public void close() {
      if (writable) {
        Grader.deleteTree(dir);
      }
    }
  }

  /** The box of a run in {@code workDir}: itself read-only, or a writable copy of it. */
  Box open(Path workDir, boolean allowWriting) {
    if (!allowWriting) {
      return new Box(workDir, false);
    }
    Grader.deleteTree(copy);
    try (Stream<Path> walk = Files.walk(workDir)) {
      for (Path from : walk.toList()) {
        Path to = copy.resolve(workDir.relativize(from).toString());
        // why: a symbolic link the compile step made is copied as a link, never followed on the
        // host; inside the sandbox it resolves against the sandbox's own files.
        Files.copy(from, to, LinkOption.NOFOLLOW_LINKS);
        // why: the mode is set while the copy is still the worker's, and the owner last: a worker
        // without CAP_FOWNER (the compose lab's) may change neither the mode nor the times of a
        // file it does not own; the times are not copied at all.
        if (!Files.isSymbolicLink(to)) {
          Files.setPosixFilePermissions(
              to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        }
        Files.setAttribute(to, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (FileSystemException e) {
      Grader.deleteTree(copy);
      if (e.getReason() != null && e.getReason().contains("No space left on device")) {
        // why: a compiled program filling more than half the work area leaves no room for its
        // copy; the run still happens, read-only, rather than the task failing.
        return new Box(workDir, false);
      }
      throw new UncheckedIOException("cannot copy the work directory for a writing run", e);
    } catch (IOException e) {
      Grader.deleteTree(copy);
      throw new UncheckedIOException("cannot copy the work directory for a writing run", e);
    }
    return new Box(copy, true);
  }
}
