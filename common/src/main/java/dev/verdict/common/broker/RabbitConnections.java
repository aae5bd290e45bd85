package dev.verdict.common.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import dev.verdict.common.config.RabbitConfig;
import dev.verdict.common.config.Tls;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/** Opens RabbitMQ connections that recover by themselves after a broker restart. */
public final class RabbitConnections {
  private RabbitConnections() {}

  /**
   * @param clientName shown in the management UI, e.g. {@code verdict-api}
   * @throws BrokerUnavailableException when the broker cannot be reached; a retry may help
   */
  public static Connection open(RabbitConfig config, String clientName) {
    return open(config, clientName, Tls.defaultContext());
  }

  /**
   * @param tls the TLS context used when {@code rabbitmq.tls} is on: the JVM's default (its trust
   *     store) in production, a test's own certificate authority in tests
   */
  public static Connection open(RabbitConfig config, String clientName, SSLContext tls) {
    ConnectionFactory factory = new ConnectionFactory();
    if (config.tls()) {
      factory.useSslProtocol(tls);
      factory.enableHostnameVerification();
    }
    factory.setHost(config.host());
    factory.setPort(config.port());
    factory.setUsername(config.username());
    factory.setPassword(config.password());
    factory.setVirtualHost(config.virtualHost());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(1_000);
    factory.setConnectionTimeout(5_000);
    factory.setRequestedHeartbeat(config.heartbeatSeconds());
    RecoveryLogging recoveryLogging = new RecoveryLogging(clientName);
    factory.setExceptionHandler(recoveryLogging);
    try {
      Connection connection = factory.newConnection(clientName);
      ((Recoverable) connection).addRecoveryListener(recoveryLogging);
      return connection;
    } catch (IOException | TimeoutException e) {
      throw new BrokerUnavailableException(
          "cannot connect to RabbitMQ at " + config.host() + ":" + config.port() + ": " + e, e);
    }
  }
}
