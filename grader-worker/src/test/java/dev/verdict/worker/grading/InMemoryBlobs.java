package dev.verdict.worker.grading;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.BlobNotFoundException;
import dev.verdict.common.blob.Sha256;
import dev.verdict.worker.cache.FileCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test files in memory, as the load generator's baseline keeps them: no store runs. */
final class InMemoryBlobs {
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  /** Stores the content and returns its SHA-256. */
  String put(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String sha = Sha256.hex(bytes);
    blobs.put(sha, bytes);
    return sha;
  }

  /** A worker's file cache in {@code dir} that fetches from these blobs. */
  FileCache cache(Path dir, MetricRegistry metrics) {
    return new FileCache(
        sha -> {
          byte[] content = blobs.get(sha);
          if (content == null) {
            throw new BlobNotFoundException(sha);
          }
          return content;
        },
        dir,
        1 << 26,
        metrics);
  }
}
