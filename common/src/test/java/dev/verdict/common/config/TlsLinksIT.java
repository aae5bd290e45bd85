package dev.verdict.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.redis.RedisConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/**
 * The links to the stores with TLS on ({@code redis.tls}, {@code rabbitmq.tls}): against a Redis of
 * this test's own, listening only with TLS under a certificate of the test's own authority, a
 * client that trusts that authority talks to it, and one that does not, or that reaches the server
 * under a name its certificate does not carry, fails in the handshake.
 */
class TlsLinksIT {
  @TempDir static Path dir;
  private static final List<Process> SERVERS = new ArrayList<>();
  private static int trustedPort;
  private static int misnamedPort;
  private static SSLContext ourAuthority;

  @BeforeAll
  static void startRedisWithTls() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=verdict-test-ca",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt");
    certificate("server", "IP:127.0.0.1");
    certificate("misnamed", "DNS:other.example");
    trustedPort = freePort();
    misnamedPort = freePort();
    SERVERS.add(startRedis(trustedPort, "server"));
    SERVERS.add(startRedis(misnamedPort, "misnamed"));
    ourAuthority = trusting(dir.resolve("ca.crt"));
    for (int port : List.of(trustedPort, misnamedPort)) {
      Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> listening(port));
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (Process server : SERVERS) {
      server.destroyForcibly();
      server.waitFor();
    }
  }

  @Test
  void a_client_that_trusts_the_servers_authority_talks_to_it_over_tls() {
    try (JedisPooled client = RedisConnections.open(redisWithTls(trustedPort), ourAuthority)) {
      assertThat(client.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void a_client_that_does_not_trust_the_servers_certificate_is_refused() {
    try (JedisPooled client =
        RedisConnections.open(redisWithTls(trustedPort), Tls.defaultContext())) {
      assertFailsInTheHandshake(client::ping);
    }
  }

  @Test
  void a_certificate_for_another_name_is_refused_even_from_a_trusted_authority() {
    try (JedisPooled client = RedisConnections.open(redisWithTls(misnamedPort), ourAuthority)) {
      assertFailsInTheHandshake(client::ping);
    }
  }

  @Test
  void the_broker_link_verifies_the_certificate_and_the_name_too() {
    // why: no RabbitMQ with a TLS listener runs here; the handshake, which is what tls=true
    // changes, is the same against any TLS server, and the test's Redis is one.
    assertFailsInTheHandshake(
        () -> RabbitConnections.open(rabbitWithTls(trustedPort), "tls-it", Tls.defaultContext()));
    assertFailsInTheHandshake(
        () -> RabbitConnections.open(rabbitWithTls(misnamedPort), "tls-it", ourAuthority));
  }

  private static void assertFailsInTheHandshake(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      chain.add(t);
    }
    assertThat(chain)
        .as("causes of %s", thrown)
        .hasAtLeastOneElementOfType(SSLHandshakeException.class);
  }

  private static RedisConfig redisWithTls(int port) {
    return new RedisConfig("127.0.0.1", port, null, 2, null, true);
  }

  private static RabbitConfig rabbitWithTls(int port) {
    return new RabbitConfig("127.0.0.1", port, null, null, null, null, null, true, null);
  }

  private static void certificate(String name, String subjectAltName) throws Exception {
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + name,
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr");
    Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + subjectAltName + "\n");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        name + ".ext",
        "-out",
        name + ".crt");
  }

  private static Process startRedis(int port, String cert) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                "0",
                "--tls-port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--tls-cert-file",
                dir.resolve(cert + ".crt").toString(),
                "--tls-key-file",
                dir.resolve(cert + ".key").toString(),
                "--tls-ca-cert-file",
                dir.resolve("ca.crt").toString(),
                "--tls-auth-clients",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis-" + cert + ".log").toFile())
        .start();
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
  }

  private static SSLContext trusting(Path caCertificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
