package dev.verdict.dispatcher;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names a running dispatcher, e.g. as the holder of a rejudge's lease: unique even for two
 * dispatchers in one process (tests), and naming the process for an operator.
 */
final class DispatcherIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DispatcherIds() {}

  static String next() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return "dispatcher-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(bytes);
  }
}
