package dev.verdict.common.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.verdict.common.config.RabbitConfig;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Opens RabbitMQ connections that recover by themselves after a broker restart. */
public final class RabbitConnections {
  private RabbitConnections() {}

  /**
   * @param clientName shown in the management UI, e.g. {@code verdict-api}
   * @throws BrokerUnavailableException when the broker cannot be reached; a retry may help
   */
  public static Connection open(RabbitConfig config, String clientName) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(config.host());
    factory.setPort(config.port());
    factory.setUsername(config.username());
    factory.setPassword(config.password());
    factory.setVirtualHost(config.virtualHost());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(1_000);
    factory.setConnectionTimeout(5_000);
    factory.setRequestedHeartbeat(15);
    try {
      return factory.newConnection(clientName);
    } catch (IOException | TimeoutException e) {
      throw new BrokerUnavailableException(
          "cannot connect to RabbitMQ at " + config.host() + ":" + config.port() + ": " + e, e);
    }
  }
}
