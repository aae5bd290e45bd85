package dev.verdict.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What builds each run's sandbox ({@code worker.sandbox}). */
public enum SandboxBackend {
  /**
   * The worker's own launcher builds the namespaces and mounts itself, as root, without
   * bubblewrap's user namespaces, monitor process and exec. Needs a {@link Launcher} that runs the
   * native launcher.
   */
  BUILTIN("builtin"),
  /** Bubblewrap builds each run's sandbox, as the slot's unprivileged uid. */
  BUBBLEWRAP("bubblewrap");

  private final String key;

  SandboxBackend(String key) {
    this.key = key;
  }

  /**
   * @throws ConfigException naming {@code worker.sandbox} and the values it takes
   */
  @JsonCreator
  public static SandboxBackend of(String value) {
    return Check.named("worker.sandbox", value, values(), "bubblewrap or builtin");
  }

  /** The value as it is written in the configuration, e.g. {@code builtin}. */
  @JsonValue
  @Override
  public String toString() {
    return key;
  }
}
