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

  /** A port nobody listens on now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
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
