package dev.verdict.api.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A TCP proxy on loopback in front of a real server that holds back every reply from the server by
 * a settable delay: a slow backing store, made from a fast one. Requests pass at once; each
 * connection is served on its own threads, so connections never wait for each other.
 */
public final class DelayingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private volatile Duration delay = Duration.ZERO;

  public DelayingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("delaying-proxy").start(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** From now on, every reply waits {@code delay} before it is passed on. */
  public void delay(Duration delay) {
    this.delay = delay;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Thread.ofVirtual().start(() -> pump(client, server, false));
        Thread.ofVirtual().start(() -> pump(server, client, true));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean reply) {
    byte[] buffer = new byte[64 * 1024];
    try (from;
        to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        Duration wait = delay;
        if (reply && !wait.isZero()) {
          // why: this is the simulated latency of a slow store, not a wait for another thread.
          Thread.sleep(wait);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // why: either side closing ends the connection; the other side is closed with it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
