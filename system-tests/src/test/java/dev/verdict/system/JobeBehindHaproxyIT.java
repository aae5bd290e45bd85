package dev.verdict.system;

import static dev.verdict.system.JobeClient.fileList;
import static dev.verdict.system.JobeClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.api.ApiServer;
import dev.verdict.common.access.Role;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two API nodes behind Debian's HAProxy on 127.0.0.1, round robin with no stickiness, as a
 * CodeRunner site would run a Jobe farm: CodeRunner's sequence (languages, a run whose file is
 * missing, the file's PUT, the run again) works with the PUT and the run that needs the file
 * answered by different nodes, because the file cache is shared. HAProxy names the node that
 * answered each request in {@value #SERVED_BY}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobeBehindHaproxyIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  static final String SERVED_BY = Haproxy.SERVED_BY;

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private ApiServer secondNode;
  private Haproxy haproxy;
  private JobeClient jobe;

  @BeforeAll
  void start() throws Exception {
    cluster = VerdictCluster.start(services, temp, List.of());
    secondNode = ApiServer.start(cluster.config, Metrics.of("verdict-it.api-node2"));
    int port = Haproxy.freePort();
    haproxy =
        Haproxy.start(
            temp, port, Haproxy.roundRobin(port, cluster.api.port(), secondNode.port(), false));
    jobe = new JobeClient(haproxy.url(), cluster.token("coderunner", Role.STAFF));
  }

  @AfterAll
  void stop() throws Exception {
    if (haproxy != null) {
      haproxy.close();
    }
    if (secondNode != null) {
      secondNode.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void coderunners_sequence_works_with_the_put_and_the_run_on_different_nodes() {
    String id = "h" + UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> run =
        spec(
            "python3",
            "print(open('words.txt').read().split()[int(input())])\n",
            "input",
            "1\n",
            "file_list",
            fileList(id, "words.txt"));

    JobeClient.Answer languages = jobe.languages();
    JobeClient.Answer missing = jobe.run(run);
    JobeClient.Answer put = jobe.put(id, "zero one two\n");
    JobeClient.Answer ran = jobe.run(run);

    assertThat(languages.status()).isEqualTo(200);
    assertThat(languages.text()).contains("[\"python3\",");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).isEqualTo(JobeClient.FILES_MISSING);
    assertThat(put.status()).isEqualTo(204);
    assertThat(ran.status()).isEqualTo(200);
    assertThat(ran.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(ran.body().get("stdout").asText()).isEqualTo("one\n");
    assertThat(put.header(SERVED_BY)).isIn("node1", "node2");
    assertThat(ran.header(SERVED_BY)).isIn("node1", "node2").isNotEqualTo(put.header(SERVED_BY));
    assertThat(List.of(languages, missing, put, ran))
        .extracting(a -> a.header(SERVED_BY))
        .containsOnly("node1", "node2");
  }
}
