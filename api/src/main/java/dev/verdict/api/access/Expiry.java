package dev.verdict.api.access;

import java.time.Duration;

/** A token's lifetime as people write it: {@code 30d}, {@code 12h}, {@code 90m}. */
public final class Expiry {
  public static final Duration MAX = Duration.ofDays(3650);

  private Expiry() {}

  /**
   * @throws IllegalArgumentException saying the allowed form and range
   */
  public static Duration parse(String text) {
    if (text == null || !text.matches("[1-9][0-9]{0,6}[dhm]")) {
      throw new IllegalArgumentException(
          "must be a number and d, h or m (30d, 12h, 90m), at most 3650d");
    }
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    Duration lifetime =
        switch (text.charAt(text.length() - 1)) {
          case 'd' -> Duration.ofDays(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> Duration.ofMinutes(amount);
        };
    if (lifetime.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("must be at most 3650d");
    }
    return lifetime;
  }
}
