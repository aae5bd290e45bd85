package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.verdict.api.access.TokenStore;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.MongoConfig;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.mongostandin.MongoStandIn;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB (a stand-in of this test's own, keeping its data in a file so it survives a restart on
 * the same port) stops under a running API and comes back: while it is away a submission is refused
 * with 503 and Retry-After, never accepted, and every submission accepted before and after is
 * stored and queued.
 */
class MongoOutageIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private int port;
  private MongoStandIn mongo;
  private RunningApi api;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    mongo = MongoStandIn.persistent(temp.resolve("mongo"), "127.0.0.1", port);
    api = RunningApi.start(services, "mongo.uri=" + mongo.uri());
  }

  @AfterEach
  void stop() {
    try {
      if (api != null) {
        api.close();
      }
    } finally {
      mongo.close();
    }
  }

  @Test
  void while_mongodb_is_away_submissions_get_503_and_none_accepted_is_lost() throws Exception {
    String token;
    try (MongoClient client = client()) {
      token =
          new TokenStore(client.getDatabase(services.namespace()), new MetricRegistry())
              .create("outage-staff", Role.STAFF, null, System.currentTimeMillis())
              .token();
    }
    List<String> accepted = new ArrayList<>();
    accepted.add(acceptedId(submit(token)));

    mongo.close();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      HttpResponse<String> answer = submit(token);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("the refusal comes in bounded time")
          .isLessThan(Duration.ofSeconds(30));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      assertThat(JSON.readTree(answer.body()).has("error")).as(answer.body()).isTrue();
    }

    mongo = MongoStandIn.persistent(temp.resolve("mongo"), "127.0.0.1", port);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> answer = submit(token);
              assertThat(answer.statusCode()).as(answer.body()).isIn(202, 503);
              if (answer.statusCode() == 202) {
                accepted.add(acceptedId(answer));
                return true;
              }
              return false;
            });
    accepted.add(acceptedId(submit(token)));

    try (MongoClient client = client()) {
      SubmissionStore store =
          new SubmissionStore(client.getDatabase(services.namespace()), new MetricRegistry());
      for (String id : accepted) {
        assertThat(store.find(id)).as("%s is stored", id).isPresent();
      }
      assertThat(store.find(accepted.get(0)).orElseThrow().id()).isEqualTo(accepted.get(0));
    }
    String queue = services.rabbit().topology().submissionsQueue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> services.rabbit().messageCount(queue) == accepted.size());
  }

  private MongoClient client() {
    return MongoConnections.open(new MongoConfig(mongo.uri(), null), "verdict-test");
  }

  private HttpResponse<String> submit(String token) throws Exception {
    return api.post("/api/v1/submissions", token, RunningApi.sumInPython());
  }

  private static String acceptedId(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    return JSON.readTree(answer.body()).get("id").asText();
  }
}
