package dev.verdict.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.RunOptions;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.message.TaskFinished;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {
  private final MessageCodec codec = new MessageCodec();

  static List<Message> messages() {
    return MessageFixtures.all();
  }

  @ParameterizedTest
  @MethodSource("messages")
  void every_message_type_survives_a_round_trip(Message message) {
    Message decoded = codec.decode(codec.encode(message));

    assertThat(decoded).isEqualTo(message).isInstanceOf(message.getClass());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void the_wire_form_names_the_type_and_version(Message message) throws Exception {
    JsonNode json = Json.mapper().readTree(codec.encode(message));

    assertThat(json.path("type").asText()).isEqualTo(message.getClass().getField("TYPE").get(null));
    assertThat(json.path("v").asInt()).isEqualTo(message.v());
  }

  @Test
  void decoding_as_a_type_returns_that_type() {
    GradingTask task = MessageFixtures.gradingTask();

    assertThat(codec.decode(codec.encode(task), GradingTask.class)).isEqualTo(task);
  }

  @Test
  void jobes_run_semantics_travel_with_a_task_and_are_absent_when_unset() throws IOException {
    GradingTask plain = MessageFixtures.gradingTask();
    GradingTask jobe =
        new GradingTask(
            plain.v(),
            plain.submissionId(),
            plain.problemId(),
            plain.problemVersion(),
            plain.language(),
            plain.files(),
            plain.tests(),
            new LimitOverrides(1_500L, null, 512, null, null, null, null, null, null, 400_000L),
            plain.checker(),
            false,
            plain.queuedAt(),
            null,
            null,
            1,
            null,
            new RunOptions(List.of("-O0"), null, null, null).endingWithProgram());

    assertThat(codec.decode(codec.encode(jobe), GradingTask.class)).isEqualTo(jobe);
    JsonNode wire = Json.mapper().readTree(codec.encode(jobe));
    assertThat(wire.path("limits").path("addressSpaceKb").asLong()).isEqualTo(400_000L);
    assertThat(wire.path("runOptions").path("endsWithProgram").asBoolean()).isTrue();
    JsonNode plainWire = Json.mapper().readTree(codec.encode(plain));
    assertThat(plainWire.path("limits").has("addressSpaceKb")).isFalse();
    assertThat(plainWire.has("runOptions")).isFalse();
  }

  @Test
  void decoding_as_the_wrong_type_fails_naming_both() {
    byte[] queued = codec.encode(MessageFixtures.submissionQueued());

    assertThatThrownBy(() -> codec.decode(queued, GradingTask.class))
        .isInstanceOf(MessageCodecException.class)
        .hasMessageContaining("GradingTask")
        .hasMessageContaining("SubmissionQueued");
  }

  @Test
  void an_unknown_type_fails() throws IOException {
    ObjectNode json =
        (ObjectNode) Json.mapper().readTree(codec.encode(MessageFixtures.submissionQueued()));
    json.put("type", "task.exploded");

    assertThatThrownBy(() -> codec.decode(Json.mapper().writeValueAsBytes(json)))
        .isInstanceOf(MessageCodecException.class)
        .hasMessageContaining("task.exploded");
  }

  @Test
  void a_message_without_a_type_fails() {
    byte[] body = "{\"v\":1,\"submissionId\":\"s\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MessageCodecException.class);
  }

  @Test
  void unknown_fields_are_ignored() throws IOException {
    SubmissionQueued queued = MessageFixtures.submissionQueued();
    ObjectNode json = (ObjectNode) Json.mapper().readTree(codec.encode(queued));
    json.put("addedInVersion9", "whatever");
    json.putObject("nested").put("deep", true);
    json.putArray("more").add(1).add(2);

    assertThat(codec.decode(Json.mapper().writeValueAsBytes(json))).isEqualTo(queued);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "not json", "[1,2,3]", "{\"type\":\"task.finished\",", "null"})
  void malformed_json_fails(String body) {
    assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MessageCodecException.class);
  }

  @Test
  void a_message_missing_a_required_list_fails() {
    byte[] body =
        "{\"type\":\"grading.task\",\"v\":1,\"submissionId\":\"s\",\"tests\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MessageCodecException.class);
  }

  @Test
  void a_compile_time_is_written_when_set_and_left_out_when_nothing_was_compiled()
      throws IOException {
    TaskFinished interpreted = MessageFixtures.taskFinished();
    TaskFinished compiled =
        new TaskFinished(
            TaskFinished.VERSION,
            interpreted.submissionId(),
            interpreted.outcome().withCompileTimeMs(412.25));

    JsonNode withTime = Json.mapper().readTree(codec.encode(compiled));
    JsonNode withoutTime = Json.mapper().readTree(codec.encode(interpreted));

    assertThat(withTime.path("outcome").path("compileTimeMs").asDouble()).isEqualTo(412.25);
    assertThat(codec.decode(codec.encode(compiled))).isEqualTo(compiled);
    assertThat(withoutTime.path("outcome").has("compileTimeMs")).isFalse();
    assertThat(((TaskFinished) codec.decode(codec.encode(interpreted))).outcome().compileTimeMs())
        .isNull();
  }
}
