package dev.verdict.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.MessageFixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Messages written by every released version must stay readable: queues and dead-letter queues hold
 * old messages across upgrades. Each file under {@code golden/messages} is one message as a version
 * wrote it ({@code <type>-v<version>.json}); never edit one, add a file for a new version.
 */
class GoldenMessagesTest {
  /** What each golden file must decode to, today. */
  private static final Map<String, Message> EXPECTED =
      Map.of(
          "submission.queued-v1.json", MessageFixtures.submissionQueued(),
          "grading.task-v1.json", MessageFixtures.gradingTask(),
          "task.finished-v1.json", MessageFixtures.taskFinished());

  private final MessageCodec codec = new MessageCodec();
  private final ObjectMapper json = Json.mapper();

  @Test
  void every_golden_file_decodes_to_its_expected_message() throws IOException {
    for (Path file : goldenFiles()) {
      String name = file.getFileName().toString();
      assertThat(EXPECTED).as("expected message for golden file %s", name).containsKey(name);

      Message decoded = codec.decode(Files.readAllBytes(file));

      assertThat(decoded).as(name).isEqualTo(EXPECTED.get(name));
    }
  }

  @Test
  void every_expected_message_has_its_golden_file() throws IOException {
    TreeSet<String> present = new TreeSet<>();
    for (Path file : goldenFiles()) {
      present.add(file.getFileName().toString());
    }

    assertThat(present).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
  }

  @Test
  void the_current_version_of_every_message_type_has_a_golden_file() throws Exception {
    for (Class<?> type : Message.class.getPermittedSubclasses()) {
      String name = type.getField("TYPE").get(null) + "-v" + type.getField("VERSION").get(null);

      assertThat(golden().resolve(name + ".json")).as(type.getSimpleName()).isRegularFile();
    }
  }

  /**
   * During a rolling upgrade an old reader gets messages from a new writer: the current version
   * must still write every field its golden file has, with the same value. It may add fields.
   */
  @Test
  void the_current_version_still_writes_everything_its_golden_file_has() throws Exception {
    for (Message message : MessageFixtures.all()) {
      Class<?> type = message.getClass();
      String name =
          type.getField("TYPE").get(null) + "-v" + type.getField("VERSION").get(null) + ".json";
      JsonNode golden = json.readTree(golden().resolve(name).toFile());
      JsonNode encoded = json.readTree(codec.encode(message));

      assertContains(name, golden, encoded);
    }
  }

  private static void assertContains(String where, JsonNode expected, JsonNode actual) {
    if (expected.isObject()) {
      assertThat(actual.isObject()).as("%s is an object", where).isTrue();
      for (Map.Entry<String, JsonNode> field : expected.properties()) {
        String path = where + "." + field.getKey();
        assertThat(actual.has(field.getKey())).as("%s is still written", path).isTrue();
        assertContains(path, field.getValue(), actual.get(field.getKey()));
      }
    } else if (expected.isArray()) {
      assertThat(actual.size()).as("%s has as many elements", where).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertContains(where + "[" + i + "]", expected.get(i), actual.get(i));
      }
    } else {
      assertThat(actual).as(where).isEqualTo(expected);
    }
  }

  private static Path golden() {
    try {
      return Path.of(
          Objects.requireNonNull(GoldenMessagesTest.class.getResource("/golden/messages")).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Iterable<Path> goldenFiles() throws IOException {
    try (Stream<Path> files = Files.list(golden())) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }
}
