package dev.verdict.worker.sandbox;

import dev.verdict.common.config.ConfigException;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.Launcher;
import dev.verdict.common.config.SandboxBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One way a worker can be configured to run sandboxes: a backend and the launcher that starts its
 * runs. The contract tests run over {@link #all()}, every combination the configuration accepts.
 */
record SandboxMode(SandboxBackend backend, Launcher launcher) {

  /**
   * Every backend with every launcher the configuration accepts for it, of the backends named in
   * the system property {@code verdict.it.sandboxes} (comma-separated; every backend unless set,
   * e.g. {@code docker} to run one backend's contracts while working on it).
   */
  static List<SandboxMode> all() {
    List<SandboxMode> modes = new ArrayList<>();
    String only = System.getProperty("verdict.it.sandboxes", "");
    for (SandboxBackend backend : SandboxBackend.values()) {
      if (!only.isBlank() && !List.of(only.split(",")).contains(backend.toString())) {
        continue;
      }
      for (Launcher launcher : Launcher.values()) {
        if (accepted(backend, launcher)) {
          modes.add(new SandboxMode(backend, launcher));
        }
      }
    }
    return modes;
  }

  /** The modes whose runs the slot's spawner starts. */
  static List<SandboxMode> withTheSpawner() {
    return all().stream()
        .filter(mode -> mode.backend() != SandboxBackend.DOCKER)
        .filter(mode -> mode.launcher() == Launcher.SPAWNER)
        .toList();
  }

  /** The modes whose launcher leaves the sandbox's own CPU time out of the program's. */
  static List<SandboxMode> measuringTheSandboxsOwnCpu() {
    return all().stream()
        .filter(mode -> mode.backend() != SandboxBackend.DOCKER)
        .filter(mode -> mode.launcher().runsTheNativeLauncher())
        .toList();
  }

  /** The Docker sandbox, whose runs share their slot's container. */
  static List<SandboxMode> dockerOnly() {
    return List.of(new SandboxMode(SandboxBackend.DOCKER, Launcher.SPAWNER));
  }

  /** The built-in sandbox with each launcher that can start it. */
  static List<SandboxMode> builtin() {
    return all().stream().filter(mode -> mode.backend() == SandboxBackend.BUILTIN).toList();
  }

  private static boolean accepted(SandboxBackend backend, Launcher launcher) {
    try {
      ConfigLoader.load(
          null, Map.of(), List.of("worker.sandbox=" + backend, "worker.launcher=" + launcher));
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  /** A fixture that makes sandboxes of this mode. */
  SandboxFixture newFixture() {
    return switch (backend) {
      case BUILTIN, BUBBLEWRAP -> new CgroupSandboxFixture(this);
      case DOCKER -> new DockerSandboxFixture();
    };
  }

  /** Whether runs are a Docker container's execs, whose differences the contracts name. */
  boolean docker() {
    return backend == SandboxBackend.DOCKER;
  }

  @Override
  public String toString() {
    return docker() ? backend.toString() : backend + " started by " + launcher;
  }
}
