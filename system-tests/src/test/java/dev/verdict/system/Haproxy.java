package dev.verdict.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy on 127.0.0.1 in front of API nodes, as a site runs a Jobe farm: started in the
 * foreground with a configuration a test writes, its log beside it, stopped by its pid.
 */
final class Haproxy implements AutoCloseable {
  /** The header in which the configurations below name the node that answered. */
  static final String SERVED_BY = "X-Served-By";

  final int port;
  private final Process process;

  private Haproxy(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts HAProxy with {@code config} (written to {@code dir}) and returns once it listens. */
  static Haproxy start(Path dir, int port, String config) throws IOException {
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, config);
    Process process =
        new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    Haproxy haproxy = new Haproxy(port, process);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> listening(port));
    return haproxy;
  }

  /**
   * Round robin over two nodes named {@code node1} and {@code node2}, every request balanced on its
   * own, the node that answered named in {@value #SERVED_BY}. With {@code checked}, as a farm that
   * is restarted node by node runs: health checks of {@code /readyz} every 200 ms, a node out after
   * three failed checks in a row (one slow check on a busy machine must not take both nodes out)
   * and back after one good one, and a request whose connection is refused sent to the other node.
   */
  static String roundRobin(int port, int firstNode, int secondNode, boolean checked) {
    return """
        global
            maxconn 256

        defaults
            mode http
            option http-server-close
            retries 3
            option redispatch 1
            timeout connect 2s
            timeout client 300s
            timeout server 300s

        frontend jobe
            bind 127.0.0.1:%d
            default_backend verdict_api

        backend verdict_api
            balance roundrobin
        %s    http-response set-header %s %%s
            server node1 127.0.0.1:%d
            server node2 127.0.0.1:%d
        """
        .formatted(
            port,
            checked
                ? "    option httpchk GET /readyz\n    timeout check 1s\n"
                    + "    default-server check inter 200 fall 3 rise 1\n"
                : "",
            SERVED_BY,
            firstNode,
            secondNode);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /**
   * A loopback port nobody listens on now, below the kernel's ephemeral range: a component that is
   * killed and started again on it finds it free, because no outgoing connection of this host (of
   * any test running beside) is given it as its local port meanwhile, as one given a port from that
   * range can be.
   */
  static int freePort() {
    int below = ephemeralLow();
    int lowest = Math.max(1024, below - 12_000);
    if (below <= lowest) {
      throw new IllegalStateException(
          "ip_local_port_range starts at " + below + ": no unprivileged port lies below it");
    }
    int start = ThreadLocalRandom.current().nextInt(lowest, below);
    for (int i = 0; i < below - lowest; i++) {
      int port = lowest + (start - lowest + i) % (below - lowest);
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // why: taken by another listener; the next one is tried.
      }
    }
    throw new IllegalStateException("no free loopback port in " + lowest + "-" + (below - 1));
  }

  /** The first port of the kernel's ephemeral range ({@code ip_local_port_range}). */
  private static int ephemeralLow() {
    try {
      // why: read by lines; readString trusts the size procfs reports and returns a part of it.
      String range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
