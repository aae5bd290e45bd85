package dev.verdict.loadgen.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerdictClientTest {

  private static StatusView parse(String json) throws IOException {
    return VerdictClient.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsARunningSubmissionCountingItsTests() throws IOException {
    StatusView view =
        parse(
            """
            {"id": "x", "status": "RUNNING", "createdAt": "2026-01-01T00:00:00Z",
             "tests": [{"name": "a", "verdict": "ACCEPTED", "nested": {"k": [1, 2]}},
                       {"name": "b", "verdict": "ACCEPTED"}], "extra": [1, {"a": 2}]}
            """);

    assertThat(view.status()).isEqualTo("RUNNING");
    assertThat(view.tests()).isEqualTo(2);
    assertThat(view.hasResult()).isTrue();
    assertThat(view.done()).isFalse();
    assertThat(view.createdAtMillis()).isZero();
  }

  @Test
  void readsADoneSubmissionWithVerdictScoreAndServerTimes() throws IOException {
    StatusView view =
        parse(
            """
            {"id": "x", "status": "DONE", "verdict": "WRONG_ANSWER", "score": 2, "maxScore": 6,
             "createdAt": "2026-01-01T00:00:00.100Z", "finishedAt": "2026-01-01T00:00:00.350Z",
             "tests": []}
            """);

    assertThat(view.done()).isTrue();
    assertThat(view.verdict()).isEqualTo("WRONG_ANSWER");
    assertThat(view.score()).isEqualTo(2);
    assertThat(view.maxScore()).isEqualTo(6);
    assertThat(view.finishedAtMillis() - view.createdAtMillis()).isEqualTo(250);
  }

  @Test
  void aQueuedSubmissionHasNoResultYet() throws IOException {
    StatusView view = parse("{\"id\": \"x\", \"status\": \"QUEUED\"}");

    assertThat(view.hasResult()).isFalse();
    assertThat(view.verdict()).isNull();
  }

  @Test
  void aBodyThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> parse("[1, 2]")).isInstanceOf(IOException.class);
  }

  @Test
  void retryAfterIsReadInSeconds() {
    assertThat(VerdictClient.retryAfterMillis("2")).isEqualTo(2000);
    assertThat(VerdictClient.retryAfterMillis(null)).isZero();
    assertThat(VerdictClient.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
  }
}
