package dev.verdict.worker.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Worker ids, {@code <host name>-<pid>-<random hex>}: they say which process on which machine a
 * worker is, and stay unique even for two workers in one process (tests).
 */
public final class WorkerIds {
  private WorkerIds() {}

  /** A new id for a worker in this process on the machine named {@code hostName}. */
  public static String next(String hostName) {
    return hostName
        + "-"
        + ProcessHandle.current().pid()
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
  }

  /**
   * The pid of the worker named {@code id} if {@link #next} made that id on a machine named {@code
   * hostName}; empty for another machine's worker or an id of another form.
   */
  static OptionalLong pidOn(String hostName, String id) {
    if (id == null || !id.startsWith(hostName + "-")) {
      return OptionalLong.empty();
    }
    String rest = id.substring(hostName.length() + 1);
    int dash = rest.indexOf('-');
    if (dash <= 0 || dash == rest.length() - 1) {
      return OptionalLong.empty();
    }
    String pid = rest.substring(0, dash);
    String nonce = rest.substring(dash + 1);
    if (!pid.chars().allMatch(c -> c >= '0' && c <= '9')
        || pid.length() > 18
        || !nonce.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(pid));
  }

  /** The kernel's host name; read locally so that naming ourselves needs no DNS lookup. */
  public static String localHostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
