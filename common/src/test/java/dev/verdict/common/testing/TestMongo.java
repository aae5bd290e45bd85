package dev.verdict.common.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.verdict.common.config.MongoConfig;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.mongostandin.MongoStandIn;

/**
 * An in-process MongoDB stand-in with a client connected through the production settings and a
 * database of its own. Open one per test class; close it in {@code @AfterAll}.
 */
public final class TestMongo implements AutoCloseable {
  private final MongoStandIn server;
  private final MongoClient client;
  private final MongoDatabase database;

  private TestMongo() {
    this.server = MongoStandIn.inMemory();
    MongoConfig config = new MongoConfig(server.uri(), Namespaces.unique());
    this.client = MongoConnections.open(config, "verdict-test");
    this.database = client.getDatabase(config.database());
  }

  public static TestMongo start() {
    return new TestMongo();
  }

  public MongoDatabase database() {
    return database;
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
