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
 */
public record LaunchOptions(Path nativeLauncher, Path networkNamespace, boolean spawner) {
  public static final LaunchOptions SHELL = new LaunchOptions(null, null, false);

  public LaunchOptions {
    if (networkNamespace != null && nativeLauncher == null) {
      throw new IllegalArgumentException("a slot network namespace needs the native launcher");
    }
    if (spawner && nativeLauncher == null) {
      throw new IllegalArgumentException("the spawner is the native launcher's");
    }
  }

  /** The native launcher started once per run. */
  public LaunchOptions(Path nativeLauncher, Path networkNamespace) {
    this(nativeLauncher, networkNamespace, false);
  }
}
