package dev.verdict.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients sending one byte a second, of a body or of their headers, hold back nobody else: while
 * they trickle, other requests are answered as quickly as without them.
 */
class SlowClientIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  private RunningApi api;
  private ScheduledExecutorService drip;
  private final List<Socket> slow = new ArrayList<>();

  @BeforeEach
  void start() {
    api = RunningApi.start(services, "api.http.maxThreads=8");
    drip = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    drip.shutdownNow();
    for (Socket socket : slow) {
      socket.close();
    }
    api.close();
  }

  @Test
  void clients_trickling_one_byte_a_second_do_not_hold_back_others() throws Exception {
    String token = api.token("lab-staff", Role.STAFF);
    for (int i = 0; i < 16; i++) {
      trickle(
          i % 2 == 0
              ? "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
              : "GET /api/v1/problems HTTP/1.1\r\nHost: x\r\n",
          i % 2 == 0 ? "\"" : "X");
    }

    long started = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return api.get("/api/v1/problems", token);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(millis).as("answered while 16 clients trickle").isLessThan(3_000);
  }

  /** Opens a connection, sends {@code head}, then one byte of {@code filler} a second. */
  private void trickle(String head, String filler) throws Exception {
    Socket socket = new Socket("127.0.0.1", api.api.port());
    slow.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    var unused =
        drip.scheduleAtFixedRate(
            () -> {
              try {
                out.write(filler.getBytes(StandardCharsets.US_ASCII));
                out.flush();
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            },
            1,
            1,
            TimeUnit.SECONDS);
  }
}
