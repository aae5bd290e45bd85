package dev.verdict.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.MessageProperties;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The system view counts the work waiting in both task queues: bulk work (a rejudge's gradings, a
 * batch's items) is seen beside the interactive tasks, and each is counted in its own field.
 */
class SystemViewIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningApi api;

  @BeforeEach
  void start() {
    api = RunningApi.start(services);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void tasks_waiting_in_the_bulk_queue_are_shown_beside_the_interactive_ones() throws Exception {
    Topology topology = services.rabbit().topology();
    try (Channel channel = services.rabbit().channel()) {
      channel.confirmSelect();
      publish(channel, topology.tasksQueue());
      for (int i = 0; i < 3; i++) {
        publish(channel, topology.bulkTasksQueue());
      }
      channel.waitForConfirmsOrDie(10_000);
    }

    HttpResponse<String> response =
        api.get("/api/v1/system", api.token("system-staff", Role.STAFF));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode view = JSON.readTree(response.body());
    assertThat(view.get("tasksWaiting").asLong()).isEqualTo(1);
    assertThat(view.get("bulkTasksWaiting").asLong()).isEqualTo(3);
    assertThat(view.get("slots").asInt()).isZero();
  }

  private static void publish(Channel channel, String queue) throws Exception {
    // why: nothing consumes these; their content is never read, only counted.
    channel.basicPublish(
        "", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, "{}".getBytes(StandardCharsets.UTF_8));
  }
}
