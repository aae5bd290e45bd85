package dev.verdict.worker.sandbox;

import java.nio.file.Path;

/**
 * How a bubblewrap run is launched.
 *
 * @param nativeLauncher the compiled verdict-launch program, or null for the shell chain (setpriv,
 *     unshare, sh, setpriv), which does the same with standard tools, a few milliseconds slower
 * @param networkNamespace the slot's persistent network namespace (a file such as {@code
 *     /run/netns/...}) that runs enter instead of creating their own; null for a fresh one per run.
 *     Only with the native launcher.
 * @param spawner whether the native launcher runs as the slot's spawner (one process started once
 *     that starts every run) rather than as one process started per run
 * @param builtin whether the native launcher builds the sandbox itself (see
 *     grader-worker/src/main/c/builtin.c, "The built-in sandbox") from bubblewrap's options, rather
 *     than running bubblewrap
 */
public record LaunchOptions(
    Path nativeLauncher, Path networkNamespace, boolean spawner, boolean builtin) {
  public static final LaunchOptions SHELL = new LaunchOptions(null, null, false, false);

  public LaunchOptions {
    if (networkNamespace != null && nativeLauncher == null) {
      throw new IllegalArgumentException("a slot network namespace needs the native launcher");
    }
    if (spawner && nativeLauncher == null) {
      throw new IllegalArgumentException("the spawner is the native launcher's");
    }
    if (builtin && nativeLauncher == null) {
      throw new IllegalArgumentException("the built-in sandbox is the native launcher's");
    }
  }

  /** Runs in bubblewrap, started by the native launcher, as the spawner or once per run. */
  public LaunchOptions(Path nativeLauncher, Path networkNamespace, boolean spawner) {
    this(nativeLauncher, networkNamespace, spawner, false);
  }

  /** The native launcher started once per run. */
  public LaunchOptions(Path nativeLauncher, Path networkNamespace) {
    this(nativeLauncher, networkNamespace, false, false);
  }
}
