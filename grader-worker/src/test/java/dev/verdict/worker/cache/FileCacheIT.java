package dev.verdict.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.testing.MongoExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FileCacheIT {
  @TempDir Path dir;
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private BlobStore blobs;
  private MetricRegistry metrics;

  @BeforeEach
  void start() {
    metrics = new MetricRegistry();
    blobs = new BlobStore(mongo.database(), metrics);
  }

  private static byte[] content(String text, int size) {
    byte[] bytes = new byte[size];
    byte[] pattern = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < size; i++) {
      bytes[i] = pattern[i % pattern.length];
    }
    return bytes;
  }

  private long fetches() {
    return metrics.timer("verdict.mongo.blob.get").getCount();
  }

  @Test
  void a_file_is_fetched_from_the_blob_store_once_and_then_read_from_disk() throws Exception {
    String sha = blobs.put(content("test data", 1_000));
    FileCache cache = new FileCache(blobs, dir, 1 << 20, metrics);

    Path first = cache.path(sha);
    Path second = cache.path(sha);

    assertThat(first).isEqualTo(second);
    assertThat(Files.readAllBytes(first)).isEqualTo(content("test data", 1_000));
    assertThat(fetches()).isEqualTo(1);
    assertThat(metrics.counter("verdict.worker.cache.hits").getCount()).isEqualTo(1);
  }

  @Test
  void the_least_recently_used_files_are_evicted_beyond_the_size_cap() {
    String a = blobs.put(content("a", 400));
    String b = blobs.put(content("b", 400));
    String c = blobs.put(content("c", 400));
    FileCache cache = new FileCache(blobs, dir, 1_000, metrics);

    cache.path(a);
    cache.path(b);
    cache.path(a);
    cache.path(c);

    assertThat(cache.sizeBytes()).isLessThanOrEqualTo(1_000);
    assertThat(Files.exists(dir.resolve(a))).as("recently used").isTrue();
    assertThat(Files.exists(dir.resolve(b))).as("least recently used").isFalse();
    assertThat(Files.exists(dir.resolve(c))).isTrue();
  }

  @Test
  void a_restarted_cache_keeps_what_is_on_disk() {
    String sha = blobs.put(content("kept", 500));
    new FileCache(blobs, dir, 1 << 20, metrics).path(sha);

    FileCache restarted = new FileCache(blobs, dir, 1 << 20, metrics);
    restarted.path(sha);

    assertThat(fetches()).isEqualTo(1);
    assertThat(restarted.sizeBytes()).isEqualTo(500);
  }

  @Test
  void concurrent_requests_for_one_missing_file_fetch_it_once() throws Exception {
    String sha = blobs.put(content("shared", 200_000));
    FileCache cache = new FileCache(blobs, dir, 1 << 24, metrics);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Path>> results = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return cache.path(sha);
                }));
      }
      go.countDown();
      for (Future<Path> result : results) {
        assertThat(Files.size(result.get())).isEqualTo(200_000);
      }
    }
    assertThat(fetches()).isEqualTo(1);
  }

  @Test
  void stray_temporary_files_are_removed_at_start_up() throws Exception {
    Files.writeString(dir.resolve(".fetch-123.tmp"), "half a file");

    new FileCache(blobs, dir, 1 << 20, metrics);

    assertThat(dir.resolve(".fetch-123.tmp")).doesNotExist();
  }
}
