package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A slot's own network namespace, created once with iproute2 ({@code ip netns add}) and entered by
 * every run of the slot: empty but for a loopback that is down, and owned by the host's user
 * namespace, so no sandboxed process can bring an interface up or change anything in it. Sockets
 * die with the processes of a run, so nothing passes from one run to the next.
 */
public final class SlotNetwork implements AutoCloseable {
  private final String name;

  private SlotNetwork(String name) {
    this.name = name;
  }

  /**
   * Creates the namespace, replacing one of the same name a crashed worker left.
   *
   * @throws SandboxException (not retryable) when iproute2 cannot create it
   */
  public static SlotNetwork create(String name) {
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("bad network namespace name " + name);
    }
    ip("netns", "delete", name);
    String failure = ip("netns", "add", name);
    if (failure != null) {
      throw new SandboxException(
          "cannot create network namespace " + name + " (ip netns add): " + failure, false, null);
    }
    return new SlotNetwork(name);
  }

  public Path path() {
    return Path.of("/run/netns", name);
  }

  /** Runs {@code ip}; returns null on success, else what it said. */
  private static String ip(String... args) {
    try {
      Process ip =
          new ProcessBuilder(concat("/usr/sbin/ip", args)).redirectErrorStream(true).start();
      String output = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ip.waitFor(10, TimeUnit.SECONDS)) {
        ip.destroyForcibly();
        return "ip did not finish";
      }
      return ip.exitValue() == 0 ? null : output.strip();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static List<String> concat(String first, String... rest) {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(first), java.util.Arrays.stream(rest))
        .toList();
  }

  @Override
  public void close() {
    ip("netns", "delete", name);
  }
}
