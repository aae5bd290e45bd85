package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.contract.ApiDocs;
import dev.verdict.api.contract.ApiDocs.Block;
import dev.verdict.api.contract.ApiDocs.Curl;
import dev.verdict.api.contract.Contract;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.system.DocsShell.Call;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md run as a reader runs it: every {@code sh} block, in order, in one bash, against a
 * whole Verdict (API, dispatcher and a grader worker with its sandbox, on real RabbitMQ and Redis
 * and the MongoDB stand-in), in a directory laid out like the checkout with the tokens {@code
 * ./verdict up} would have made. The API's port and the webhook receiver's URL come from the
 * environment ({@code VERDICT_API_PORT}, {@code HOOK}), as the docs say; the commands run as
 * written. Each curl must succeed (2xx), each answer must fit the contract the API serves for its
 * operation and status, and each answer the docs show must have the real answer's shape. A block
 * without a curl must be one this test knows how to check, so no example goes unchecked.
 */
class ApiDocsIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "docs-webhook-secret";

  @TempDir Path temp;
  private VerdictCluster cluster;
  private MockWebServer receiver;

  @BeforeEach
  void start() throws IOException {
    receiver = new MockWebServer();
    receiver.start(InetAddress.getByName("127.0.0.1"), 0);
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    cluster =
        VerdictCluster.start(
            services, temp, List.of("webhooks.secret=" + SECRET, "webhooks.allow=127.0.0.1/32"));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
    receiver.close();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void every_example_runs_in_order_and_answers_as_the_served_contract_says() throws Exception {
    Contract contract = Contract.of(Http.text(cluster.baseUrl() + "/api/v1/openapi.json"));
    Path checkout = checkout();
    List<Block> examples = ApiDocs.read().blocks("sh");
    List<Answered> answered = new ArrayList<>();
    int shownChecked = 0;
    try (DocsShell shell = DocsShell.start(checkout, temp.resolve("shell"), environment())) {
      for (Block block : examples) {
        RecordedRequest delivery = block.text().contains("openssl dgst") ? deliver(shell) : null;
        DocsShell.Ran ran = shell.run(block.text(), 3, TimeUnit.MINUTES);
        List<Curl> curls = block.curls();
        if (curls.isEmpty()) {
          checkWithoutCurl(block, ran, delivery);
          continue;
        }
        List<Answered> made = new ArrayList<>();
        for (Call call : ran.calls()) {
          Contract.Operation op = operation(contract, Curl.of(call.arguments()), block);
          checkAnswer(contract, op, call);
          made.add(new Answered(op, call));
        }
        List<Contract.Operation> expected =
            curls.stream().map(curl -> operation(contract, curl, block)).toList();
        List<Contract.Operation> madeOps = made.stream().map(Answered::op).toList();
        assertThat(madeOps)
            .as("the calls of the block under %s:\n%s", block.heading(), block.text())
            .hasSizeGreaterThanOrEqualTo(expected.size())
            .containsAll(expected);
        assertThat(expected).as("no call the block does not show").containsAll(madeOps);
        for (Curl curl : curls) {
          Optional<JsonNode> shown = json(curl.answer());
          if (shown.isPresent()) {
            Contract.Operation op = operation(contract, curl, block);
            Call real = made.stream().filter(a -> a.op().equals(op)).findFirst().orElseThrow().call;
            assertSameShape(shown.get(), JSON.readTree(real.body()), "$", curl.answer());
            shownChecked++;
          }
        }
        answered.addAll(made);
      }
    }
    for (Block json : ApiDocs.read().blocks("json")) {
      if (json.endpoint().isEmpty()) {
        continue;
      }
      Contract.Operation op =
          contract.operation(json.endpoint().get().method(), json.endpoint().get().path());
      Call real =
          answered.stream()
              .filter(a -> a.op().equals(op))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no example runs " + op + " shown in\n" + json))
              .call;
      assertSameShape(JSON.readTree(json.text()), JSON.readTree(real.body()), "$", json.text());
      shownChecked++;
    }
    assertThat(answered).as("curl calls made").hasSizeGreaterThan(35);
    assertThat(shownChecked).as("answers shown and compared").isGreaterThan(8);
  }

  private record Answered(Contract.Operation op, Call call) {}

  /**
   * The checkout's top-level entries linked into a directory of its own, with the local tokens in
   * its {@code .verdict/} as {@code ./verdict up} keeps them, so {@code ./verdict token} reads them
   * and the files the examples write stay out of the checkout.
   */
  private Path checkout() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path checkout = Files.createDirectories(temp.resolve("checkout"));
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!Set.of(".verdict", ".git").contains(name)) {
          Files.createSymbolicLink(checkout.resolve(name), entry);
        }
      }
    }
    Path state = Files.createDirectories(checkout.resolve(".verdict"));
    Files.writeString(state.resolve("admin.token"), cluster.token("local-admin", Role.ADMIN));
    Files.writeString(
        state.resolve("submitter.token"), cluster.token("local-student", Role.SUBMITTER));
    return checkout;
  }

  /**
   * What the reader's shell has: the API's port as {@code ./verdict up} takes it, the receiver's
   * URL, and this cluster's configuration as {@code VERDICT_*} variables for the command-line
   * examples.
   */
  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    for (String setting : services.settings(List.of())) {
      int equals = setting.indexOf('=');
      env.put(ConfigLoader.envName(setting.substring(0, equals)), setting.substring(equals + 1));
    }
    env.put("VERDICT_API_PORT", Integer.toString(cluster.api.port()));
    env.put("HOOK", receiver.url("/verdict-hook").toString());
    return env;
  }

  /**
   * Waits for the webhook delivery the examples before asked for, saves its body as {@code
   * body.json} and sets {@code TIMESTAMP} and {@code SECRET}, as the docs ask of the reader.
   */
  private RecordedRequest deliver(DocsShell shell) throws Exception {
    RecordedRequest delivery = receiver.takeRequest(90, TimeUnit.SECONDS);
    assertThat(delivery).as("the webhook delivery of the callbackUrl example").isNotNull();
    Files.write(temp.resolve("checkout").resolve("body.json"), delivery.getBody().toByteArray());
    shell.export("TIMESTAMP", delivery.getHeaders().get("Verdict-Timestamp"));
    shell.export("SECRET", SECRET);
    return delivery;
  }

  private static void checkWithoutCurl(Block block, DocsShell.Ran ran, RecordedRequest delivery) {
    String text = block.text();
    if (delivery != null) {
      assertThat(ran.output().strip())
          .as("the signature the docs compute for the delivery")
          .isEqualTo(delivery.getHeaders().get("Verdict-Signature"));
    } else if (text.contains("./verdict java") && text.contains(" token ")) {
      assertThat(ran.output()).as("the token commands' output").contains("lab-staff");
    } else if (text.contains("./verdict token")) {
      assertThat(text).as("the set-up every example uses").contains("API=", "keep()");
    } else {
      throw new AssertionError("an example this test does not know how to check:\n" + text);
    }
  }

  private static Contract.Operation operation(Contract contract, Curl curl, Block block) {
    assertThat(curl.url()).as("the URL of %s under %s", curl.words(), block.heading()).isPresent();
    return contract
        .find(curl.method(), curl.path())
        .orElseThrow(
            () ->
                new AssertionError(
                    "an example the contract does not know: "
                        + curl.method()
                        + " "
                        + curl.path()
                        + " in\n"
                        + block.text()));
  }

  /** The call succeeded and its answer fits what the contract says of its status and type. */
  private static void checkAnswer(Contract contract, Contract.Operation op, Call call)
      throws IOException {
    String what = DocsShell.describe(call);
    assertThat(call.exitCode()).as(what).isZero();
    assertThat(call.status()).as(what).isBetween(200, 299);
    if (call.status() == 204) {
      assertThat(call.body()).as(what).isEmpty();
      return;
    }
    String type =
        call.header("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
    switch (type) {
      case "application/json" ->
          contract.assertFits(
              contract.responseSchema(op, call.status(), type), JSON.readTree(call.body()), what);
      case "text/event-stream" -> checkEvents(contract, op, call);
      default -> contract.responseSchema(op, call.status(), type);
    }
  }

  /** Each event's data fits the contract's schema for its event name, and a result ends them. */
  private static void checkEvents(Contract contract, Contract.Operation op, Call call)
      throws IOException {
    String name = null;
    String last = null;
    int events = 0;
    for (String line : call.text().split("\n", -1)) {
      if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        assertThat(name).as("an event's name before its data").isNotNull();
        String schema = op.pointer() + "/x-events/" + name;
        assertThat(contract.document.at(schema).isMissingNode())
            .as("the contract has event %s", name)
            .isFalse();
        contract.assertFits(schema, JSON.readTree(line.substring(5).trim()), "event " + name);
        last = name;
        events++;
      } else if (line.isEmpty()) {
        name = null;
      }
    }
    assertThat(events).as("events in %s", call.text()).isPositive();
    assertThat(last).as("the last event").isEqualTo("result");
  }

  /**
   * Every field the docs show is in the real answer with a value of the same JSON type, down to the
   * elements the shown arrays hold.
   */
  private static void assertSameShape(JsonNode shown, JsonNode real, String path, String docs) {
    if (shown.isNull()) {
      return;
    }
    assertThat(real.getNodeType())
        .as("%s of the real answer, shown in the docs as\n%s\nis\n%s", path, docs, real)
        .isEqualTo(shown.getNodeType());
    if (shown.isObject()) {
      for (Map.Entry<String, JsonNode> field : shown.properties()) {
        assertThat(real.has(field.getKey()))
            .as(
                "the real answer has %s.%s, shown in the docs as\n%s\nbut is\n%s",
                path, field.getKey(), docs, real)
            .isTrue();
        assertSameShape(
            field.getValue(), real.get(field.getKey()), path + "." + field.getKey(), docs);
      }
    } else if (shown.isArray()) {
      for (int i = 0; i < Math.min(shown.size(), real.size()); i++) {
        assertSameShape(shown.get(i), real.get(i), path + "[" + i + "]", docs);
      }
    }
  }

  private static Optional<JsonNode> json(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(text));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
