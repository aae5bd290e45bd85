package dev.verdict.common.config;

/**
 * Validation helpers for configuration records. Each names the key and the allowed range, so a bad
 * value stops start-up with a message an operator can act on: {@code "worker.prefetch must be
 * 1..1000, was 0"}.
 */
public final class Check {
  private Check() {}

  public static int intIn(String key, Integer value, int defaultValue, int min, int max) {
    int v = value == null ? defaultValue : value;
    if (v < min || v > max) {
      throw new ConfigException(key + " must be " + min + ".." + max + ", was " + v);
    }
    return v;
  }

  public static long longIn(String key, Long value, long defaultValue, long min, long max) {
    long v = value == null ? defaultValue : value;
    if (v < min || v > max) {
      throw new ConfigException(key + " must be " + min + ".." + max + ", was " + v);
    }
    return v;
  }

  public static String nonBlank(String key, String value, String defaultValue) {
    String v = value == null ? defaultValue : value;
    if (v == null || v.isBlank()) {
      throw new ConfigException(key + " must not be empty");
    }
    return v;
  }

  /**
   * The constant whose {@code toString()} is {@code value}: how a configuration value names an enum
   * constant.
   *
   * @param allowed the values for the message, e.g. {@code "bubblewrap or builtin"}
   */
  public static <E extends Enum<E>> E named(String key, String value, E[] values, String allowed) {
    for (E constant : values) {
      if (constant.toString().equals(value)) {
        return constant;
      }
    }
    throw new ConfigException(key + " must be " + allowed + ", was " + value);
  }

  public static boolean bool(Boolean value, boolean defaultValue) {
    return value == null ? defaultValue : value;
  }

  /** Host names and addresses must be loopback unless the operator says otherwise explicitly. */
  public static String host(String key, String value, String defaultValue) {
    return nonBlank(key, value, defaultValue);
  }

  public static String namePart(String key, String value, String defaultValue) {
    String v = nonBlank(key, value, defaultValue);
    if (!v.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
      throw new ConfigException(
          key + " must be 1..63 characters of letters, digits, '.', '_' or '-', was '" + v + "'");
    }
    return v;
  }
}
