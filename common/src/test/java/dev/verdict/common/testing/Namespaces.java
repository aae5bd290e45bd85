package dev.verdict.common.testing;

import java.util.UUID;

/** Names no other test run uses, for queues, exchanges, Redis keys and databases. */
public final class Namespaces {
  private Namespaces() {}

  /** E.g. {@code verdict-test-3f2a9c1b04d7}. */
  public static String unique() {
    return "verdict-test-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
