package dev.verdict.worker.cache;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.BlobSource;
import dev.verdict.common.blob.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Problem and submission files on local disk, by SHA-256, fetched from a blob source (the GridFS
 * blob store in a worker) once and then served from disk: a hot problem's test data costs one
 * GridFS read per worker, not one per submission. Least recently used files are evicted beyond the
 * size cap. Thread-safe; concurrent requests for the same missing file fetch it once.
 *
 * <p>The cache holds every problem's secret inputs and answers and every submitted source, so it is
 * the worker's alone: the directory is {@code 0700} and every file {@code 0600}, both root's. A
 * sandboxed run never sees the cache: its standard input is opened by the launcher as root and
 * handed over as a sealed copy, and a validator gets copies of the files it reads ({@code
 * ValidatorJudge}).
 */
public final class FileCache {
  /** The cache directory's mode: no other local user may list or enter it. */
  static final String DIR_MODE = "rwx------";

  /** Every cached file's mode. */
  static final String FILE_MODE = "rw-------";

  private final BlobSource blobs;
  private final Path dir;
  private final long maxBytes;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Object> fetching = new ConcurrentHashMap<>();
  private final AtomicLong totalBytes = new AtomicLong();
  private final AtomicLong clock = new AtomicLong();
  private final Counter hits;
  private final Counter misses;

  private static final class Entry {
    final long size;
    volatile long lastUsed;

    Entry(long size, long lastUsed) {
      this.size = size;
      this.lastUsed = lastUsed;
    }
  }

  public FileCache(BlobSource blobs, Path dir, long maxBytes, MetricRegistry metrics) {
    this.blobs = blobs;
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.hits = metrics.counter("verdict.worker.cache.hits");
    this.misses = metrics.counter("verdict.worker.cache.misses");
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(DIR_MODE));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (Sha256.isHex(name)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(FILE_MODE));
            long size = Files.size(file);
            entries.put(name, new Entry(size, clock.incrementAndGet()));
            totalBytes.addAndGet(size);
          } else {
            Files.deleteIfExists(file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file cache in " + dir, e);
    }
    evict();
  }

  /**
   * The local path of the file with this SHA-256, fetching it first if needed.
   *
   * @throws IllegalArgumentException when {@code sha} is not a lower-case hex SHA-256, so that no
   *     name can point outside the cache
   */
  public Path path(String sha) {
    Path file = dir.resolve(requireSha(sha));
    Entry entry = entries.get(sha);
    if (entry != null && Files.exists(file)) {
      entry.lastUsed = clock.incrementAndGet();
      hits.inc();
      return file;
    }
    Object lock = fetching.computeIfAbsent(sha, k -> new Object());
    synchronized (lock) {
      try {
        entry = entries.get(sha);
        if (entry != null && Files.exists(file)) {
          entry.lastUsed = clock.incrementAndGet();
          hits.inc();
          return file;
        }
        misses.inc();
        store(sha, blobs.get(sha));
        return file;
      } finally {
        fetching.remove(sha);
      }
    }
  }

  public byte[] read(String sha) {
    try {
      return Files.readAllBytes(path(sha));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cached file " + sha, e);
    }
  }

  /** Adds content already at hand (e.g. inline source files) without a fetch. */
  public void put(String sha, byte[] content) {
    requireSha(sha);
    if (!entries.containsKey(sha)) {
      store(sha, content);
    }
  }

  public long sizeBytes() {
    return totalBytes.get();
  }

  private static String requireSha(String sha) {
    if (!Sha256.isHex(sha)) {
      throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha);
    }
    return sha;
  }

  private void store(String sha, byte[] content) {
    Path file = dir.resolve(sha);
    try {
      Path temp =
          Files.createTempFile(
              dir,
              ".fetch-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE)));
      Files.write(temp, content);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot cache file " + sha, e);
    }
    Entry previous = entries.put(sha, new Entry(content.length, clock.incrementAndGet()));
    totalBytes.addAndGet(content.length - (previous == null ? 0 : previous.size));
    evict();
  }

  private void evict() {
    if (totalBytes.get() <= maxBytes) {
      return;
    }
    synchronized (this) {
      var oldestFirst =
          entries.entrySet().stream()
              .sorted(Comparator.comparingLong(e -> e.getValue().lastUsed))
              .toList();
      for (var entry : oldestFirst) {
        if (totalBytes.get() <= maxBytes) {
          return;
        }
        if (entries.remove(entry.getKey(), entry.getValue())) {
          totalBytes.addAndGet(-entry.getValue().size);
          try {
            // why: a run that already opened the file keeps reading it; unlinking is safe.
            Files.deleteIfExists(dir.resolve(entry.getKey()));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot evict cached file " + entry.getKey(), e);
          }
        }
      }
    }
  }
}
