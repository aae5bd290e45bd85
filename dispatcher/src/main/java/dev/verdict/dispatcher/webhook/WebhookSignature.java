package dev.verdict.dispatcher.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code v1=} and the hex HMAC-SHA256, keyed with {@code
 * webhooks.secret}, of the timestamp header's value, a dot, and the body's bytes. Covering the
 * timestamp lets a receiver refuse an old delivery replayed later; docs/api.md shows how a receiver
 * checks it.
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "Verdict-Signature";
  public static final String TIMESTAMP_HEADER = "Verdict-Timestamp";
  public static final String DELIVERY_HEADER = "Verdict-Delivery";
  public static final String EVENT_HEADER = "Verdict-Event";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /**
   * @param timestamp the {@value #TIMESTAMP_HEADER} header's value: Unix seconds
   */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
