package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's processes, read from /proc, for asserting that nothing of a run survives. */
final class HostProcesses {
  private HostProcesses() {}

  /** Every process (zombies included) whose real, effective or saved uid is {@code uid}. */
  static List<String> ofUid(int uid) {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        String status;
        try {
          status = Files.readString(proc.resolve("status"));
        } catch (IOException e) {
          continue; // why: the process ended while we were listing; it is not left over.
        }
        if (hasUid(status, uid)) {
          found.add(
              proc.getFileName()
                  + " "
                  + field(status, "Name")
                  + " "
                  + field(status, "State")
                  + " ppid "
                  + field(status, "PPid"));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  /** Whether the process is alive and not a zombie. */
  static boolean isRunning(long pid) {
    try {
      return !field(Files.readString(Path.of("/proc/" + pid + "/status")), "State").startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasUid(String status, int uid) {
    String[] ids = field(status, "Uid").split("\\s+");
    for (int i = 0; i < Math.min(3, ids.length); i++) {
      if (ids[i].equals(Integer.toString(uid))) {
        return true;
      }
    }
    return false;
  }

  private static String field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "";
  }
}
