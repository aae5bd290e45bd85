package dev.verdict.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of the API whose open connections can all be cut at once, as a
 * dropped network or a restarted load balancer would: what a browser does after a stream breaks.
 * Each connection keeps what passed each way, so a test can read the requests the browser sent and
 * the events the API answered on each.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("cuttable-proxy").start(this::accept);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** Every connection made so far, in the order they were accepted. */
  List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** Closes every open connection, both ends; new connections are accepted as before. */
  void cutAll() {
    for (Connection connection : connections) {
      connection.cut();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Connection connection = new Connection(client, server);
        connections.add(connection);
        Thread.ofVirtual().start(() -> connection.pump(client, server, connection.sent));
        Thread.ofVirtual().start(() -> connection.pump(server, client, connection.received));
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cutAll();
  }

  /** One browser connection: what the browser sent and what the API answered on it. */
  static final class Connection {
    private final Socket client;
    private final Socket server;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    String sent() {
      synchronized (sent) {
        return sent.toString(StandardCharsets.UTF_8);
      }
    }

    String received() {
      synchronized (received) {
        return received.toString(StandardCharsets.UTF_8);
      }
    }

    private void cut() {
      try {
        client.close();
        server.close();
      } catch (IOException e) {
        // why: a socket that fails to close is closed as far as this test is concerned.
      }
    }

    private void pump(Socket from, Socket to, ByteArrayOutputStream copy) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (copy) {
            copy.write(buffer, 0, n);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // why: either side closing, or a cut, ends the connection; both ends are closed below.
      } finally {
        cut();
      }
    }
  }
}
