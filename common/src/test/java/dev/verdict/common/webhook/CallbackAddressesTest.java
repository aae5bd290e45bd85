package dev.verdict.common.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.config.ConfigException;
import dev.verdict.common.config.WebhookConfig;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackAddressesTest {
  private final CallbackAddresses defaults = new CallbackAddresses(WebhookConfig.defaults());

  @Test
  void loopback_private_link_local_and_mapped_addresses_are_denied_by_default() throws Exception {
    for (String address :
        List.of(
            "127.0.0.1",
            "127.5.6.7",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1",
            "fd12:3456::1",
            "::ffff:127.0.0.1",
            "224.0.0.1")) {
      assertThat(defaults.allowed(InetAddress.getByName(address))).as(address).isFalse();
    }
  }

  @Test
  void public_addresses_are_allowed_by_default() throws Exception {
    for (String address : List.of("93.184.215.14", "172.32.0.1", "8.8.8.8", "2001:db8::1")) {
      assertThat(defaults.allowed(InetAddress.getByName(address))).as(address).isTrue();
    }
  }

  @Test
  void the_allow_list_wins_over_the_deny_list() throws Exception {
    CallbackAddresses loopback =
        new CallbackAddresses(
            new WebhookConfig(
                "s", null, List.of("127.0.0.0/8"), null, null, null, null, null, null));

    assertThat(loopback.allowed(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(loopback.allowed(InetAddress.getByName("10.0.0.1"))).isFalse();
  }

  @Test
  void a_host_that_resolves_only_to_denied_addresses_is_refused() {
    assertThatThrownBy(() -> defaults.allowedAddresses("localhost"))
        .isInstanceOf(CallbackAddresses.DeniedAddressException.class)
        .hasMessageContaining("webhooks.deny");
    assertThatThrownBy(() -> defaults.allowedAddresses("[::1]"))
        .isInstanceOf(CallbackAddresses.DeniedAddressException.class);
  }

  @Test
  void only_absolute_http_urls_pass() {
    assertThat(defaults.checkUrl("https://portal.example.org/hooks?x=1").getHost())
        .isEqualTo("portal.example.org");
    for (String url :
        List.of(
            "ftp://example.org/",
            "/hooks",
            "example.org/hooks",
            "http:///x",
            "file:///etc/passwd")) {
      assertThatThrownBy(() -> defaults.checkUrl(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void a_malformed_range_stops_start_up_naming_its_key() {
    assertThatThrownBy(
            () ->
                new WebhookConfig(
                    "s", List.of("10.0.0.0/33"), null, null, null, null, null, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhooks.deny");
    assertThatThrownBy(
            () ->
                new WebhookConfig(
                    "s", null, List.of("intranet.local"), null, null, null, null, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhooks.allow");
  }
}
