package dev.verdict.common.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.verdict.common.testing.MongoExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BlobStoreIT {
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private BlobStore blobs;

  @BeforeEach
  void newStore() {
    blobs = new BlobStore(mongo.database(), new MetricRegistry());
  }

  @Test
  void content_is_stored_under_its_sha256() throws Exception {
    byte[] content = utf8("print('hello')\n");

    String id = blobs.put(content);

    assertThat(id).isEqualTo(sha256(content));
    assertThat(blobs.exists(id)).isTrue();
    assertThat(blobs.get(id)).isEqualTo(content);
  }

  @Test
  void the_head_of_a_file_is_its_first_bytes_and_its_whole_length() {
    byte[] content = new byte[600 * 1024];
    content[0] = 'a';
    String id = blobs.put(content);

    BlobHead head = blobs.head(id, 10);
    BlobHead whole = blobs.head(blobs.put(utf8("short\n")), 10);

    assertThat(head.bytes()).hasSize(10).startsWith((byte) 'a');
    assertThat(head.length()).isEqualTo(600 * 1024);
    assertThat(head.truncated()).isTrue();
    assertThat(whole.bytes()).isEqualTo(utf8("short\n"));
    assertThat(whole.truncated()).isFalse();
  }

  @Test
  void the_head_of_a_missing_file_is_not_found() {
    assertThatThrownBy(() -> blobs.head("0".repeat(64), 10))
        .isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void putting_the_same_content_twice_stores_it_once() {
    byte[] content = utf8("1 2\n");

    String first = blobs.put(content);
    long chunks = chunks().countDocuments();
    String second = blobs.put(content.clone());

    assertThat(second).isEqualTo(first);
    assertThat(blobs.count()).isEqualTo(1);
    assertThat(chunks().countDocuments()).isEqualTo(chunks);
  }

  @Test
  void different_content_is_stored_separately() {
    String a = blobs.put(utf8("a"));
    String b = blobs.put(utf8("b"));

    assertThat(a).isNotEqualTo(b);
    assertThat(blobs.count()).isEqualTo(2);
    assertThat(blobs.get(a)).isEqualTo(utf8("a"));
    assertThat(blobs.get(b)).isEqualTo(utf8("b"));
  }

  @Test
  void content_larger_than_a_chunk_reads_back_whole() {
    byte[] content = new byte[700 * 1024];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + i / 1024);
    }

    String id = blobs.put(content);

    assertThat(chunks().countDocuments(Filters.eq("files_id", id))).isGreaterThan(1);
    assertThat(blobs.get(id)).isEqualTo(content);
  }

  @Test
  void each_chunk_is_read_by_its_unique_key() {
    byte[] content = new byte[600 * 1024];
    content[0] = 'a';
    String id = blobs.put(content);
    List<BsonDocument> chunkQueries = new CopyOnWriteArrayList<>();
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            // why: the event's command is a view of the driver's buffer, reused afterwards.
            BsonDocument command = event.getCommand();
            if (event.getCommandName().equals("find")
                && command.getString("find").getValue().equals("blobs.chunks")) {
              chunkQueries.add(command.getDocument("filter").clone());
            }
          }
        };
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.uri()))
                .addCommandListener(listener)
                .build())) {
      BlobStore watched =
          new BlobStore(client.getDatabase(mongo.database().getName()), new MetricRegistry());

      assertThat(watched.get(id)).isEqualTo(content);
      assertThat(watched.head(id, 10).bytes()).hasSize(10);
    }

    // why: the chunks' unique index (files_id, n) serves an exact key in every MongoDB; the
    // stand-in serves no range of it from the index and reads every stored chunk instead.
    BsonDocument first =
        new BsonDocument("files_id", new BsonString(id)).append("n", new BsonInt32(0));
    BsonDocument second =
        new BsonDocument("files_id", new BsonString(id)).append("n", new BsonInt32(1));
    BsonDocument third =
        new BsonDocument("files_id", new BsonString(id)).append("n", new BsonInt32(2));
    assertThat(chunkQueries).containsExactly(first, second, third, first);
  }

  @Test
  void empty_content_is_a_file_too() throws Exception {
    String id = blobs.put(new byte[0]);

    assertThat(id).isEqualTo(sha256(new byte[0]));
    assertThat(blobs.get(id)).isEmpty();
  }

  @Test
  void an_upper_case_id_reads_the_same_file() {
    String id = blobs.put(utf8("case"));

    assertThat(blobs.get(id.toUpperCase(Locale.ROOT))).isEqualTo(utf8("case"));
  }

  @Test
  void reading_content_tampered_with_in_gridfs_fails_as_corrupted() {
    String id = blobs.put(utf8("expected output\n"));
    chunks()
        .updateOne(
            Filters.eq("files_id", id), Updates.set("data", new Binary(utf8("tampered output\n"))));

    assertThatThrownBy(() -> blobs.get(id))
        .isInstanceOf(BlobCorruptedException.class)
        .hasMessageContaining(id);
  }

  @Test
  void reading_a_file_whose_chunk_was_truncated_fails_as_corrupted() {
    String id = blobs.put(utf8("expected output\n"));
    chunks().updateOne(Filters.eq("files_id", id), Updates.set("data", new Binary(utf8("exp"))));

    assertThatThrownBy(() -> blobs.get(id))
        .isInstanceOf(BlobCorruptedException.class)
        .hasMessageContaining(id);
  }

  @Test
  void reading_a_file_whose_chunks_are_gone_fails_as_corrupted() {
    String id = blobs.put(utf8("soon gone\n"));
    chunks().deleteMany(Filters.eq("files_id", id));

    assertThatThrownBy(() -> blobs.get(id))
        .isInstanceOf(BlobCorruptedException.class)
        .hasMessageContaining(id);
  }

  @Test
  void reading_an_unknown_id_fails_as_not_found() {
    String unknown = "0".repeat(64);

    assertThatThrownBy(() -> blobs.get(unknown))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(unknown);
    assertThat(blobs.exists(unknown)).isFalse();
  }

  @Test
  void a_deleted_file_is_gone_with_its_chunks() {
    String id = blobs.put(utf8("temporary"));

    blobs.delete(id);

    assertThat(blobs.exists(id)).isFalse();
    assertThat(chunks().countDocuments(Filters.eq("files_id", id))).isZero();
    assertThatThrownBy(() -> blobs.get(id)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void concurrent_puts_of_the_same_content_store_one_readable_file() throws Exception {
    byte[] content = utf8("the same test input, uploaded by many API instances at once\n");
    List<Future<String>> puts = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 32; i++) {
        puts.add(threads.submit(() -> blobs.put(content)));
      }
    }

    for (Future<String> put : puts) {
      assertThat(put.get()).isEqualTo(sha256(content));
    }
    assertThat(blobs.count()).isEqualTo(1);
    assertThat(blobs.get(sha256(content))).isEqualTo(content);
  }

  private static MongoCollection<Document> chunks() {
    return mongo.database().getCollection("blobs.chunks");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
