package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Docker sandbox's /box, seen from the engine's host: an empty read-only tmpfs, a shared mount,
 * which the slot's container binds at /box with slave propagation. Binding a run's work directory
 * onto it on the host shows that directory, and nothing else, at /box in the container, as the
 * other backends' bind does: a compile step writes the work directory in place, on the slot's
 * size-capped work area, and a test run sees it read-only.
 *
 * <p>Read-only is set in the container's own mount namespace: a remount does not propagate, so a
 * read-only bind on the host would still be writable in the container.
 */
final class BoxMount implements AutoCloseable {
  private final Path point;
  private final String target;
  private boolean bound;

  private BoxMount(Path point, String target) {
    this.point = point;
    this.target = target;
  }

  /**
   * Mounts the empty tmpfs, shared, on {@code point} (created if missing), first unmounting
   * whatever an earlier sandbox left mounted there.
   *
   * @throws SandboxException (not retryable) when the worker may not mount
   */
  static BoxMount at(Path point) {
    return at(point, "/box");
  }

  /**
   * The same for another place in the container ({@code target}, e.g. an interactive run's /pipes),
   * which the container binds from {@code point} with slave propagation.
   */
  static BoxMount at(Path point, String target) {
    Path absolute = point.toAbsolutePath().normalize();
    WorkArea.release(absolute);
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new SandboxException("cannot create " + absolute + ": " + e, false, e);
    }
    // why: an empty tmpfs of its own rather than a bind of the directory onto itself: the
    // container's mount table shows a bind's path on the host, here the worker's data directory.
    WorkArea.run(
        List.of(
            "mount",
            "-t",
            "tmpfs",
            "-o",
            "ro,nosuid,nodev,noexec,size=4k,nr_inodes=16,mode=0755",
            "verdict-box",
            absolute.toString()));
    WorkArea.run(List.of("mount", "--make-shared", absolute.toString()));
    return new BoxMount(absolute, target);
  }

  /** The host directory the container binds at /box. */
  Path point() {
    return point;
  }

  /**
   * Shows {@code workDir} at /box in the container whose keeper is {@code keeperPid}; read-only
   * there unless {@code writable}.
   */
  void bind(Path workDir, long keeperPid, boolean writable) {
    WorkArea.run(List.of("mount", "--bind", workDir.toString(), point.toString()));
    bound = true;
    if (!writable) {
      WorkArea.run(
          List.of(
              "nsenter",
              "--target",
              Long.toString(keeperPid),
              "--mount",
              "mount",
              "-o",
              "remount,bind,ro,nosuid,nodev",
              target));
    }
  }

  /**
   * Takes the run's work directory off /box, here and in the container. Lazily: a process of the
   * run that the kernel has not yet reaped must not keep the next run's work directory off /box.
   */
  void unbind() {
    if (bound) {
      bound = false;
      WorkArea.run(List.of("umount", "--lazy", point.toString()));
    }
  }

  @Override
  public void close() {
    bound = false;
    WorkArea.release(point);
  }
}
