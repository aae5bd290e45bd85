package dev.verdict.common.config;

/**
 * How to reach RabbitMQ. Key prefix {@code rabbitmq.}.
 *
 * @param tls speak TLS to the broker (its TLS listener, usually port 5671), verifying its
 *     certificate against the JVM's trust store and its host name
 * @param heartbeatSeconds the AMQP heartbeat each connection asks for: a process that stops sending
 *     (a frozen JVM, a host cut off) has its connection closed by the broker after about two of
 *     them, and its unacknowledged tasks requeued
 */
public record RabbitConfig(
    String host,
    Integer port,
    String username,
    String password,
    String virtualHost,
    Integer confirmTimeoutMs,
    Integer taskDeliveryLimit,
    Boolean tls,
    Integer heartbeatSeconds) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5672;
  public static final int DEFAULT_CONFIRM_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_TASK_DELIVERY_LIMIT = 3;
  public static final int DEFAULT_HEARTBEAT_SECONDS = 15;

  public RabbitConfig {
    host = Check.host("rabbitmq.host", host, DEFAULT_HOST);
    tls = tls != null && tls;
    port = Check.intIn("rabbitmq.port", port, DEFAULT_PORT, 1, 65535);
    username = Check.nonBlank("rabbitmq.username", username, "guest");
    password = Check.nonBlank("rabbitmq.password", password, "guest");
    virtualHost = Check.nonBlank("rabbitmq.virtualHost", virtualHost, "/");
    confirmTimeoutMs =
        Check.intIn(
            "rabbitmq.confirmTimeoutMs",
            confirmTimeoutMs,
            DEFAULT_CONFIRM_TIMEOUT_MS,
            100,
            600_000);
    taskDeliveryLimit =
        Check.intIn(
            "rabbitmq.taskDeliveryLimit", taskDeliveryLimit, DEFAULT_TASK_DELIVERY_LIMIT, 1, 100);
    heartbeatSeconds =
        Check.intIn(
            "rabbitmq.heartbeatSeconds", heartbeatSeconds, DEFAULT_HEARTBEAT_SECONDS, 1, 600);
  }

  public static RabbitConfig defaults() {
    return new RabbitConfig(null, null, null, null, null, null, null, null, null);
  }
}
