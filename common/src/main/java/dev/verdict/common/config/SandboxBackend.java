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
  BUBBLEWRAP("bubblewrap"),
  /**
   * The local Docker engine runs each slot's runs in a container of the slot's own, through
   * docker-java. Starts no launcher of the worker's.
   */
  DOCKER("docker");

  private final String key;

  SandboxBackend(String key) {
    this.key = key;
  }

  /**
   * @throws ConfigException naming {@code worker.sandbox} and the values it takes
   */
  @JsonCreator
  public static SandboxBackend of(String value) {
    return Check.named("worker.sandbox", value, values(), "bubblewrap, builtin or docker");
  }

  /** The value as it is written in the configuration, e.g. {@code builtin}. */
  @JsonValue
  @Override
  public String toString() {
    return key;
  }
}
