package dev.verdict.dispatcher.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.config.WebhookConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  @Test
  void the_signature_is_the_one_the_documented_receiver_snippets_compute() {
    // why: the value docs/api.md's Python and openssl snippets give for this secret, timestamp
    // and body.
    assertThat(
            WebhookSignature.sign(
                "s3cret",
                "1765000000",
                "{\"id\":\"x\",\"verdict\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("v1=1f89ef52e5d1eb67671a86772141fe54c3477cca1d47e19f238bf7dce8ac8630");
  }

  @Test
  void backoff_doubles_from_the_initial_wait_up_to_the_cap_with_at_most_half_taken_off() {
    WebhookConfig config = new WebhookConfig("s", null, null, null, null, 1_000, 5_000, null, null);
    WebhookSender sender =
        new WebhookSender(config, null, null, new com.codahale.metrics.MetricRegistry());
    try {
      for (int round = 0; round < 50; round++) {
        assertThat(sender.backoffMillis(1)).isBetween(500L, 1_000L);
        assertThat(sender.backoffMillis(2)).isBetween(1_000L, 2_000L);
        assertThat(sender.backoffMillis(3)).isBetween(2_000L, 4_000L);
        assertThat(sender.backoffMillis(4)).isBetween(2_500L, 5_000L);
        assertThat(sender.backoffMillis(40)).isBetween(2_500L, 5_000L);
      }
    } finally {
      sender.close();
    }
  }
}
