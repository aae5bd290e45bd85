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
 */
public record LaunchOptions(Path nativeLauncher, Path networkNamespace) {
  public static final LaunchOptions SHELL = new LaunchOptions(null, null);

  public LaunchOptions {
    if (networkNamespace != null && nativeLauncher == null) {
      throw new IllegalArgumentException("a slot network namespace needs the native launcher");
    }
  }
}
