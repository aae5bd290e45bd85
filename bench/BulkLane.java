import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a task costs a grader slot's control path when it comes from the bulk task queue rather than
 * the interactive one, for the slot's pattern (grader-worker's Slot and TaskLanes): two quorum
 * queues, the interactive one consumed with the slot's prefetch, the bulk one with a prefetch of 1
 * of its own, and before each bulk task one basic.get on the interactive queue (it may have a task
 * on its way). Tasks are graded in no time (acknowledged at once), so the rate is the slot's upper
 * bound with nothing but the broker in the way. Alternates the two over several rounds.
 *
 * <pre>
 * java -cp dispatcher/target/dispatcher-0.1.0-SNAPSHOT-all.jar bench/BulkLane.java \
 *   [PORT=5672] [TASKS=5000] [ROUNDS=3] [PREFETCH=1]
 * </pre>
 */
public class BulkLane {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 5672;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int prefetch = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    byte[] body = new byte[600];
    try (Connection publishing = factory.newConnection("bench-bulk-lane-publish");
        Connection slot = factory.newConnection("bench-bulk-lane-slot")) {
      run(publishing, slot, false, body, 500, prefetch); // warm-up
      run(publishing, slot, true, body, 500, prefetch);
      for (int round = 1; round <= rounds; round++) {
        for (boolean bulk : new boolean[] {false, true}) {
          double rate = run(publishing, slot, bulk, body, tasks, prefetch);
          System.out.printf(
              "round %d %-11s %7.0f tasks/s  %6.0f us/task%n",
              round, bulk ? "bulk" : "interactive", rate, 1e6 / rate);
        }
      }
    }
  }

  /** Queues {@code count} tasks in one of the two queues, then times one slot taking them all. */
  private static double run(
      Connection publishing, Connection slot, boolean bulk, byte[] body, int count, int prefetch)
      throws Exception {
    String suffix = UUID.randomUUID().toString();
    String interactiveQueue = "verdict-bench-tasks-" + suffix;
    String bulkQueue = "verdict-bench-tasks-bulk-" + suffix;
    Channel publisher = publishing.createChannel();
    for (String queue : new String[] {interactiveQueue, bulkQueue}) {
      publisher.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
    }
    publisher.confirmSelect();
    for (int i = 0; i < count; i++) {
      publisher.basicPublish(
          "", bulk ? bulkQueue : interactiveQueue, MessageProperties.PERSISTENT_BASIC, body);
      if (i % 100 == 99) {
        publisher.waitForConfirmsOrDie(30_000);
      }
    }
    publisher.waitForConfirmsOrDie(30_000);

    Channel channel = slot.createChannel();
    BlockingQueue<Long> interactive = new LinkedBlockingQueue<>();
    BlockingQueue<Long> bulkLane = new LinkedBlockingQueue<>();
    long start = System.nanoTime();
    channel.basicQos(prefetch);
    channel.basicConsume(interactiveQueue, false, lane(channel, interactive));
    channel.basicQos(1);
    channel.basicConsume(bulkQueue, false, lane(channel, bulkLane));
    for (int taken = 0; taken < count; taken++) {
      Long tag = interactive.poll();
      if (tag == null && !bulk) {
        tag = interactive.poll(30, TimeUnit.SECONDS);
      }
      if (tag == null) {
        // The slot's way to a bulk task: ask the interactive queue once more, then take it.
        GetResponse got = channel.basicGet(interactiveQueue, false);
        tag = got != null ? got.getEnvelope().getDeliveryTag() : bulkLane.poll(30, TimeUnit.SECONDS);
      }
      if (tag == null) {
        throw new IllegalStateException("no task came after " + taken);
      }
      channel.basicAck(tag, false);
    }
    double rate = count / ((System.nanoTime() - start) / 1e9);
    channel.close();
    publisher.queueDelete(interactiveQueue);
    publisher.queueDelete(bulkQueue);
    publisher.close();
    return rate;
  }

  private static DefaultConsumer lane(Channel channel, BlockingQueue<Long> lane) {
    return new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(
          String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] bytes) {
        lane.add(envelope.getDeliveryTag());
      }
    };
  }
}
