package dev.verdict.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How each run's first process is started ({@code worker.launcher}). */
public enum Launcher {
  /**
   * The native launcher (a small static C program the worker builds at start-up), started once per
   * slot as the slot's spawner, starts each of the slot's runs: the worker creates no process per
   * run.
   */
  SPAWNER("spawner"),
  /** The native launcher, started by the worker once per run. */
  NATIVE("native"),
  /** The same steps with setpriv, unshare and sh, a few milliseconds slower per run. */
  SHELL("shell");

  private final String key;

  Launcher(String key) {
    this.key = key;
  }

  /** Whether runs are started by the native launcher, which the worker builds at start-up. */
  public boolean runsTheNativeLauncher() {
    return this != SHELL;
  }

  /**
   * @throws ConfigException naming {@code worker.launcher} and the values it takes
   */
  @JsonCreator
  public static Launcher of(String value) {
    return Check.named("worker.launcher", value, values(), "spawner, native or shell");
  }

  /** The value as it is written in the configuration, e.g. {@code spawner}. */
  @JsonValue
  @Override
  public String toString() {
    return key;
  }
}
