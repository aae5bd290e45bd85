package dev.verdict.workerbench.baseline;

import dev.verdict.common.blob.BlobNotFoundException;
import dev.verdict.common.blob.BlobSource;
import dev.verdict.common.blob.Sha256;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files held in memory by SHA-256: the baseline's stand-in for GridFS, so the worker's file cache
 * fetches problem and submission files without a store. Thread-safe.
 */
final class MemoryBlobs implements BlobSource {
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** Keeps the content; returns its id, the SHA-256 (as the blob store's put does). */
  String put(byte[] content) {
    String sha = Sha256.hex(content);
    files.putIfAbsent(sha, content.clone());
    return sha;
  }

  @Override
  public byte[] get(String sha256) {
    String id = sha256.toLowerCase(Locale.ROOT);
    byte[] content = files.get(id);
    if (content == null) {
      throw new BlobNotFoundException(id);
    }
    // why: verified by construction (put keys content by its own hash); a copy keeps it so.
    return content.clone();
  }

  int size() {
    return files.size();
  }
}
