package dev.verdict.common.config;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** TLS for the links to the stores: the JVM's trust store, and host names always verified. */
public final class Tls {
  private Tls() {}

  /**
   * The JVM's default context: it trusts what the JVM's trust store does, which {@code
   * -Djavax.net.ssl.trustStore=...} (in {@code VERDICT_JAVA_OPTS}) points at a private authority.
   */
  public static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM offers no TLS", e);
    }
  }

  /** Parameters that make the handshake check the server's name against its certificate. */
  public static SSLParameters verifyingHostName() {
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }
}
