package dev.verdict.api.submission;

import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.common.config.WebhookConfig;
import dev.verdict.common.webhook.CallbackAddresses;
import dev.verdict.common.webhook.CallbackAddresses.DeniedAddressException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Checks a submission's {@code callbackUrl} before anything is stored: webhooks are on, it is an
 * absolute http(s) URL, and its host resolves to an address callbacks may reach ({@link
 * CallbackAddresses}; the dispatcher checks again at each delivery). Each refusal is a 400 naming
 * {@code callbackUrl}.
 */
public final class CallbackUrls {
  private static final String FIELD = "callbackUrl";

  private final boolean enabled;
  private final CallbackAddresses addresses;

  public CallbackUrls(WebhookConfig config) {
    this.enabled = config.enabled();
    this.addresses = new CallbackAddresses(config);
  }

  /** Whether callbacks may be asked for at all: webhooks are on. */
  boolean enabled() {
    return enabled;
  }

  /** The URL as given, once it passed every check. */
  public String check(String url) {
    if (!enabled) {
      throw ApiException.badRequest(
          FIELD,
          "cannot be used: webhooks are off on this deployment (webhooks.secret is not set)");
    }
    URI uri;
    try {
      uri = addresses.checkUrl(url);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(FIELD, e.getMessage() + ", was '" + Echo.clip(url) + "'");
    }
    try {
      addresses.allowedAddresses(uri.getHost());
    } catch (DeniedAddressException e) {
      throw ApiException.badRequest(
          FIELD,
          "is refused: its host resolves to "
              + e.address()
              + ", which callbacks may not reach (webhooks.deny)");
    } catch (UnknownHostException e) {
      throw ApiException.badRequest(
          FIELD, "names a host that does not resolve: '" + Echo.clip(uri.getHost()) + "'");
    }
    return url;
  }
}
