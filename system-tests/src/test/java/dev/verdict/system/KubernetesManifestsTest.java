package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes layout in {@code deploy/kubernetes/} holds together with the code: no cluster runs
 * here, so what can be checked without one is checked on every build.
 */
class KubernetesManifestsTest {
  private static final Path DIR = Path.of("..", "deploy", "kubernetes");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<JsonNode> OBJECTS = new ArrayList<>();

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc != null && !doc.isEmpty()) {
              OBJECTS.add(doc);
            }
          }
        }
      }
    }
    assertThat(OBJECTS).as("manifests in " + DIR).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void every_object_names_its_kind_and_lives_in_verdicts_namespace() {
    for (JsonNode object : OBJECTS) {
      assertThat(object.path("apiVersion").asText()).as(object.toString()).isNotBlank();
      assertThat(object.path("metadata").path("name").asText()).as(object.toString()).isNotBlank();
      if (!object.path("kind").asText().equals("Namespace")) {
        assertThat(object.path("metadata").path("namespace").asText())
            .as(object.path("metadata").path("name").asText())
            .isEqualTo("verdict");
      }
    }
  }

  @Test
  void every_services_variables_are_configuration_it_accepts() {
    List<JsonNode> deployments = ofKind("Deployment");
    assertThat(deployments).hasSize(3);
    for (JsonNode deployment : deployments) {
      Map<String, String> env = environment(deployment);
      assertThat(env).containsKeys("VERDICT_MONGO_URI", "VERDICT_RABBITMQ_HOST");
      // Throws, naming the variable, for one that is no configuration key or has a bad value.
      VerdictConfig config = ConfigLoader.load(null, env, List.of());
      assertThat(config.namespace()).isEqualTo("verdict");
    }
  }

  @Test
  void the_autoscaler_watches_the_queue_the_workers_consume() {
    JsonNode worker = deployment("verdict-grader-worker");
    VerdictConfig config = ConfigLoader.load(null, environment(worker), List.of());
    JsonNode scaled = ofKind("ScaledObject").get(0);

    assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asText())
        .isEqualTo("verdict-grader-worker");
    Topology topology = new Topology(config.namespace());
    List<String> queues = new ArrayList<>();
    for (JsonNode trigger : scaled.path("spec").path("triggers")) {
      assertThat(trigger.path("type").asText()).isEqualTo("rabbitmq");
      queues.add(trigger.path("metadata").path("queueName").asText());
    }
    assertThat(queues).containsExactlyInAnyOrder(topology.tasksQueue(), topology.bulkTasksQueue());
  }

  @Test
  void a_worker_pod_has_the_rights_of_the_compose_labs_worker_and_no_more() throws IOException {
    JsonNode compose = YAML.readTree(Path.of("..", "docker-compose.yml").toFile());
    JsonNode lab = compose.path("services").path("grader-worker");
    JsonNode security =
        deployment("verdict-grader-worker")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("securityContext");

    assertThat(texts(security.path("capabilities").path("add")))
        .isEqualTo(texts(lab.path("cap_add")));
    assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("privileged").asBoolean(false)).isFalse();
    assertThat(security.path("seccompProfile").path("type").asText()).isEqualTo("Localhost");
  }

  private static Map<String, String> environment(JsonNode deployment) {
    JsonNode container = deployment.path("spec").path("template").path("spec").path("containers");
    assertThat(container).hasSize(1);
    Map<String, String> env = new HashMap<>();
    for (JsonNode source : container.get(0).path("envFrom")) {
      String config = source.path("configMapRef").path("name").asText(null);
      String secret = source.path("secretRef").path("name").asText(null);
      JsonNode data =
          config != null
              ? named("ConfigMap", config).path("data")
              : named("Secret", secret).path("stringData");
      data.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    for (JsonNode variable : container.get(0).path("env")) {
      // why: a value from the downward API is known only in the pod; any name stands in for it.
      env.put(variable.path("name").asText(), variable.path("value").asText("node-1"));
    }
    // why: KEDA's connection URL is the scaler's, read by no Verdict service.
    env.remove("RABBITMQ_URL");
    return env;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> texts = new TreeSet<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static JsonNode deployment(String name) {
    return named("Deployment", name);
  }

  private static JsonNode named(String kind, String name) {
    return ofKind(kind).stream()
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
  }

  private static List<JsonNode> ofKind(String kind) {
    return OBJECTS.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }
}
