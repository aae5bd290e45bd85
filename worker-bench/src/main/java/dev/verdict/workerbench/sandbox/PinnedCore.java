package dev.verdict.workerbench.sandbox;

import dev.verdict.worker.slot.Cores;
import java.util.List;
import picocli.CommandLine.Option;

/** The core a sandbox benchmark pins its one slot to ({@code --core}). */
final class PinnedCore {
  @Option(
      names = "--core",
      defaultValue = "-1",
      description = "Core to pin to (default: the last allowed core).")
  int core;

  /** The core given, or the last one this process may use. */
  int core() {
    if (core >= 0) {
      return core;
    }
    List<Integer> allowed = Cores.allowed();
    return allowed.get(allowed.size() - 1);
  }
}
