package dev.verdict.worker.artifact;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The compiles a worker made lately, by {@link ArtifactKey}: a whole submission whose files,
 * language, options, entry point and compile limits match one compiled on this worker before gets
 * that compile's outcome and program instead of compiling again. Integrations send one program once
 * per test (Jobe's clients, CodeRunner's per-test runs), so all but the first of its runs skip the
 * compiler, or the interpreter's syntax check. Least recently used entries go beyond the size cap.
 * Thread-safe: the worker's slots share one.
 *
 * <p>Only outcomes that are the program's to answer for are kept (compiled, or refused by the
 * compiler): one that a limit stopped is not, since the same compile on a quieter machine may fit.
 */
public final class RecentCompiles {
  private final long maxBytes;
  private final Map<String, CompiledArtifacts.Stored> entries =
      new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private final Counter hits;
  private final Counter misses;

  /**
   * @param maxBytes the cap on what the kept compiles hold (their programs as gzipped tars and
   *     their compiler output); 0 keeps none
   */
  public RecentCompiles(long maxBytes, MetricRegistry metrics) {
    this.maxBytes = maxBytes;
    this.hits = metrics.counter("verdict.worker.compile.recent.hits");
    this.misses = metrics.counter("verdict.worker.compile.recent.misses");
  }

  /** The compile kept under {@code key}, if any. */
  public Optional<CompiledArtifacts.Stored> get(String key) {
    CompiledArtifacts.Stored stored;
    synchronized (this) {
      stored = entries.get(key);
    }
    (stored == null ? misses : hits).inc();
    return Optional.ofNullable(stored);
  }

  /**
   * Keeps a compile's outcome under {@code key}: with the compiled program's directory {@code dir}
   * when it succeeded; nothing is kept when the whole would pass the cap, or the directory holds
   * anything but directories and regular files.
   */
  public void put(String key, boolean succeeded, String output, double compileTimeMs, Path dir) {
    if (maxBytes <= 0) {
      return;
    }
    byte[] archive = null;
    if (succeeded) {
      Optional<byte[]> packed = ArtifactArchive.pack(dir, maxBytes);
      if (packed.isEmpty()) {
        return;
      }
      archive = packed.get();
    }
    CompiledArtifacts.Stored stored =
        new CompiledArtifacts.Stored(succeeded, output, compileTimeMs, archive);
    long size = size(stored);
    if (size > maxBytes) {
      return;
    }
    synchronized (this) {
      CompiledArtifacts.Stored old = entries.put(key, stored);
      bytes += size - (old == null ? 0 : size(old));
      Iterator<CompiledArtifacts.Stored> oldest = entries.values().iterator();
      while (bytes > maxBytes && oldest.hasNext()) {
        bytes -= size(oldest.next());
        oldest.remove();
      }
    }
  }

  /** What the kept compiles hold, in bytes. */
  public synchronized long sizeBytes() {
    return bytes;
  }

  private static long size(CompiledArtifacts.Stored stored) {
    return (stored.archive() == null ? 0 : stored.archive().length) + 2L * stored.output().length();
  }
}
