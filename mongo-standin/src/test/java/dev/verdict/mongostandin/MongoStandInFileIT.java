package dev.verdict.mongostandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The stand-in's H2 file: what one server wrote, another opens as it was, whatever page size either
 * splits its B-trees at (the size is not part of the file), with its unique indexes whole.
 */
class MongoStandInFileIT {
  private static final int DOCUMENTS = 2_000;

  @TempDir Path temp;

  @Test
  void a_file_written_with_small_pages_opens_whole_with_h2_s_default_pages_and_back() {
    Path file = temp.resolve("mongo.h2");
    try (MongoStandIn server = MongoStandIn.persistent(file, "127.0.0.1", 0)) {
      write(server, 0, DOCUMENTS);
    }
    try (MongoStandIn server = MongoStandIn.persistent(file, "127.0.0.1", 0, 49_152)) {
      assertWhole(server, DOCUMENTS);
      write(server, DOCUMENTS, DOCUMENTS + 500);
    }
    try (MongoStandIn server = MongoStandIn.persistent(file, "127.0.0.1", 0)) {
      assertWhole(server, DOCUMENTS + 500);
    }
  }

  @Test
  void a_page_split_size_below_512_bytes_is_refused_by_name() {
    CommandLine command = new CommandLine(new MongoStandInMain());
    StringWriter err = new StringWriter();
    command.setErr(new PrintWriter(err));

    int exit =
        command.execute(
            "--port", "0", "--file", temp.resolve("x.h2").toString(), "--page-split-bytes", "100");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--page-split-bytes");
  }

  private static void write(MongoStandIn server, int from, int to) {
    try (MongoClient client = MongoClients.create(server.uri())) {
      MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
      things.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
      IntStream.range(from, to)
          .forEach(
              i ->
                  things.insertOne(
                      new Document("_id", "id-" + i)
                          .append("name", "name-" + i)
                          .append("body", "x".repeat(200 + i % 300))));
    }
  }

  private static void assertWhole(MongoStandIn server, int count) {
    try (MongoClient client = MongoClients.create(server.uri())) {
      MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
      assertThat(things.countDocuments()).isEqualTo(count);
      for (int i = 0; i < count; i += 97) {
        Document found = things.find(Filters.eq("_id", "id-" + i)).first();
        assertThat(found).as("id-%d", i).isNotNull();
        assertThat(found.getString("name")).isEqualTo("name-" + i);
      }
      int taken = count - 1;
      assertThatThrownBy(
              () -> things.insertOne(new Document("_id", "other").append("name", "name-" + taken)))
          .isInstanceOfSatisfying(
              MongoWriteException.class,
              e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }
  }
}
