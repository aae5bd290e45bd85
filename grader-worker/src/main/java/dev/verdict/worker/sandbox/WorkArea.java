package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A slot's writable work area: a tmpfs of its own, capped in size and in inodes, on which the
 * slot's work directories live (the submission's, its validators'). Compile steps and validators
 * write there as the slot's uid; when they fill it their writes fail (ENOSPC) and the step fails
 * with its verdict, while the host's disk, and so every other slot's launches, stay untouched.
 *
 * <p>It is also why a test run's {@code /box} shows nothing of the host: a work directory on it is
 * bound whole into the sandbox, and a bind shows the path inside its own file system, here the
 * directory's name on the tmpfs, never the worker's data directory.
 *
 * <p>Mounting needs root (the worker's), as the sandboxes do.
 */
public final class WorkArea implements AutoCloseable {
  private static final long COMMAND_TIMEOUT_S = 30;

  private final Path dir;

  private WorkArea(Path dir) {
    this.dir = dir;
  }

  /**
   * Mounts a fresh, empty work area on {@code dir} (created if missing), replacing whatever was
   * mounted there (an earlier worker's, after a crash).
   *
   * @param maxBytes the most its files may hold together
   * @param maxInodes the most files and directories it may hold
   * @throws SandboxException when it cannot be mounted (not retryable: the worker lacks the right)
   */
  public static WorkArea mount(Path dir, long maxBytes, long maxInodes) {
    Path absolute = dir.toAbsolutePath().normalize();
    release(absolute);
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new SandboxException("cannot create " + absolute + ": " + e, false, e);
    }
    run(
        List.of(
            "mount",
            "-t",
            "tmpfs",
            "-o",
            "mode=0755,nosuid,nodev,size=" + maxBytes + ",nr_inodes=" + maxInodes,
            "verdict-work",
            absolute.toString()));
    return new WorkArea(absolute);
  }

  /**
   * Unmounts every work area at or below {@code tree}, deepest first, so that the tree can be
   * removed. Does nothing where none is mounted.
   */
  public static void release(Path tree) {
    Path absolute = tree.toAbsolutePath().normalize();
    for (Path mountPoint : mountPointsBelow(absolute)) {
      run(List.of("umount", "--lazy", mountPoint.toString()));
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    release(dir);
  }

  private static List<Path> mountPointsBelow(Path tree) {
    List<Path> found = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4) {
          Path mountPoint = Path.of(unescape(fields[4]));
          if (mountPoint.startsWith(tree)) {
            found.add(mountPoint);
          }
        }
      }
    } catch (IOException e) {
      throw new SandboxException("cannot read /proc/self/mountinfo: " + e, false, e);
    }
    found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return found;
  }

  /** A mount point as mountinfo writes it: space, tab, newline and backslash as octal escapes. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Runs a mount command as the worker, to its end.
   *
   * @throws SandboxException (not retryable) when it fails
   */
  static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new SandboxException(String.join(" ", command) + " did not finish", false, null);
      }
      if (process.exitValue() != 0) {
        throw new SandboxException(
            String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.strip(),
            false,
            null);
      }
    } catch (IOException e) {
      throw new SandboxException("cannot run " + command.get(0) + ": " + e, false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while running " + command.get(0), false, e);
    }
  }
}
