package dev.verdict.common.webhook;

import dev.verdict.common.config.Cidr;
import dev.verdict.common.config.WebhookConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a callback may go: an absolute {@code http} or {@code https} URL whose host resolves to an
 * address that {@code webhooks.deny} does not hold (or {@code webhooks.allow} does). The API checks
 * a {@code callbackUrl} when the submission is made; the dispatcher checks again, at every attempt,
 * the very addresses it connects to, so a name that resolves elsewhere later (DNS rebinding) cannot
 * reach a denied address.
 */
public final class CallbackAddresses {
  public static final int MAX_URL_CHARS = 2048;

  private final List<Cidr> deny;
  private final List<Cidr> allow;

  public CallbackAddresses(WebhookConfig config) {
    this.deny = config.deny().stream().map(range -> Cidr.parse("webhooks.deny", range)).toList();
    this.allow = config.allow().stream().map(range -> Cidr.parse("webhooks.allow", range)).toList();
  }

  /**
   * The URL, if it is one a callback may use.
   *
   * @throws IllegalArgumentException saying what is wrong with it, for the submitter
   */
  public URI checkUrl(String url) {
    if (url.length() > MAX_URL_CHARS) {
      throw new IllegalArgumentException("must be at most " + MAX_URL_CHARS + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be an absolute http or https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("must be an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not carry a user name or password");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("must not have a fragment (#...)");
    }
    return uri;
  }

  /**
   * The addresses of {@code host} a callback may connect to, in the resolver's order.
   *
   * @throws UnknownHostException when the host does not resolve
   * @throws DeniedAddressException when it resolves only to denied addresses
   */
  public List<InetAddress> allowedAddresses(String host) throws UnknownHostException {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    List<InetAddress> allowed = new ArrayList<>();
    InetAddress[] resolved = InetAddress.getAllByName(bare);
    for (InetAddress address : resolved) {
      if (allowed(address)) {
        allowed.add(address);
      }
    }
    if (allowed.isEmpty()) {
      throw new DeniedAddressException(host, resolved[0]);
    }
    return allowed;
  }

  /** Whether a callback may connect to {@code address}. */
  public boolean allowed(InetAddress address) {
    for (Cidr range : allow) {
      if (range.contains(address)) {
        return true;
      }
    }
    for (Cidr range : deny) {
      if (range.contains(address)) {
        return false;
      }
    }
    return true;
  }

  /** A callback's host resolves only to addresses it may not reach. */
  public static final class DeniedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;
    private final String address;

    DeniedAddressException(String host, InetAddress address) {
      super(
          host
              + " resolves to "
              + address.getHostAddress()
              + ", which callbacks may not reach (webhooks.deny)");
      this.address = address.getHostAddress();
    }

    /** The first denied address the host resolved to. */
    public String address() {
      return address;
    }
  }
}
