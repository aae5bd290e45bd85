import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a quorum queue costs against a classic one on this broker, for Verdict's pattern: persistent
 * messages published with confirms, consumed with manual acknowledgements and a prefetch, each
 * message through the queue and acknowledged. Alternates the two kinds over several rounds.
 *
 * <pre>
 * java -cp dispatcher/target/dispatcher-0.1.0-SNAPSHOT-all.jar bench/QueueTypes.java \
 *   [PORT=5672] [MESSAGES=20000] [ROUNDS=3]
 * </pre>
 */
public class QueueTypes {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 5672;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    byte[] body = new byte[600];
    try (Connection publishing = factory.newConnection("bench-queue-types-publish");
        Connection consuming = factory.newConnection("bench-queue-types-consume")) {
      run(publishing, consuming, "classic", body, 2_000); // warm-up
      run(publishing, consuming, "quorum", body, 2_000);
      for (int round = 1; round <= rounds; round++) {
        for (String type : new String[] {"classic", "quorum"}) {
          double rate = run(publishing, consuming, type, body, messages);
          System.out.printf("round %d %-7s %8.0f messages/s%n", round, type, rate);
        }
      }
    }
  }

  /** Publishes and consumes {@code count} messages through a new queue of {@code type}. */
  private static double run(
      Connection publishing, Connection consuming, String type, byte[] body, int count)
      throws Exception {
    String queue = "verdict-bench-" + type + "-" + UUID.randomUUID();
    Channel publisher = publishing.createChannel();
    Channel consumer = consuming.createChannel();
    publisher.queueDeclare(queue, true, false, false, Map.of("x-queue-type", type));
    publisher.confirmSelect();
    consumer.basicQos(20);
    CountDownLatch done = new CountDownLatch(count);
    consumer.basicConsume(
        queue,
        false,
        new DefaultConsumer(consumer) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] bytes)
              throws java.io.IOException {
            getChannel().basicAck(envelope.getDeliveryTag(), false);
            done.countDown();
          }
        });
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      publisher.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body);
      if (i % 100 == 99) {
        publisher.waitForConfirmsOrDie(30_000);
      }
    }
    publisher.waitForConfirmsOrDie(30_000);
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(type + ": not every message came through");
    }
    double rate = count / ((System.nanoTime() - start) / 1e9);
    consumer.close();
    publisher.queueDelete(queue);
    publisher.close();
    return rate;
  }
}
