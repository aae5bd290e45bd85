package dev.verdict.dispatcher.testing;

import static dev.verdict.common.submission.SubmissionBuilder.aSubmission;

import com.codahale.metrics.MetricRegistry;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.Message;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.Dispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A dispatcher on the services of a {@link ServicesExtension}, with the stores it writes and a way
 * to put messages on its queues as the API and the workers would.
 */
public final class RunningDispatcher implements AutoCloseable {
  public final Metrics metrics = Metrics.of("verdict-dispatcher-it");
  public final Dispatcher dispatcher;
  public final SubmissionStore submissions;
  public final StatusStore status;
  public final Topology topology;
  private final ServicesExtension services;
  private final MessageCodec codec = new MessageCodec();

  private RunningDispatcher(ServicesExtension services, List<String> settings) {
    this.services = services;
    var config = services.config(settings);
    this.dispatcher = Dispatcher.start(config, metrics);
    this.submissions = new SubmissionStore(services.mongo().database(), new MetricRegistry());
    this.status =
        new StatusStore(
            services.redis().client(),
            config.namespace(),
            config.redis().statusTtlSeconds(),
            new MetricRegistry());
    this.topology = services.rabbit().topology();
  }

  /**
   * @param overrides {@code key=value} settings on top of a free admin port
   */
  public static RunningDispatcher start(ServicesExtension services, String... overrides) {
    List<String> settings = new ArrayList<>(List.of("dispatcher.adminPort=0"));
    settings.addAll(List.of(overrides));
    return new RunningDispatcher(services, settings);
  }

  /** A submission as the API leaves it: stored, published, QUEUED in MongoDB and in Redis. */
  public Submission queued(String id) {
    Submission submission =
        aSubmission().withId(id).createdAt(System.currentTimeMillis()).published().build();
    submissions.insert(submission);
    status.queued(id, submission.problemId(), submission.language(), submission.createdAt(), null);
    return submission;
  }

  /** Publishes {@code message} to {@code queue}, persistent, as JSON. */
  public void publish(String queue, Message message) {
    publish(queue, codec.encode(message));
  }

  /** Publishes raw bytes to {@code queue}, persistent. */
  public void publish(String queue, byte[] body) {
    try (Channel channel = services.rabbit().channel()) {
      channel.basicPublish(
          "",
          queue,
          new AMQP.BasicProperties.Builder()
              .deliveryMode(2)
              .contentType("application/json")
              .build(),
          body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  public MessageCodec codec() {
    return codec;
  }

  /** How often the dispatcher's meter or timer {@code name} counted. */
  public long count(String name) {
    MetricRegistry registry = metrics.registry();
    if (registry.getTimers().containsKey(name)) {
      return registry.timer(name).getCount();
    }
    return registry.meter(name).getCount();
  }

  @Override
  public void close() {
    dispatcher.close();
    metrics.close();
  }
}
