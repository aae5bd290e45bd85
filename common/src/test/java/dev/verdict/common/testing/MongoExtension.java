package dev.verdict.common.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.verdict.common.config.MongoConfig;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.mongostandin.MongoStandIn;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-process MongoDB stand-in, reached through the production client settings, with a database
 * of its own per test or per class, dropped afterwards.
 *
 * <pre>
 * &#64;RegisterExtension static final MongoExtension mongo = MongoExtension.perClass();
 * ... new SubmissionStore(mongo.database(), metrics) ...
 * </pre>
 */
public final class MongoExtension extends ServiceExtension {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(MongoExtension.class);

  private MongoStandIn server;
  private MongoClient client;
  private MongoDatabase database;

  private MongoExtension(Scope scope) {
    super(scope);
  }

  /** One database for all tests of the class. */
  public static MongoExtension perClass() {
    return new MongoExtension(Scope.PER_CLASS);
  }

  /** A new, empty database for each test. */
  public static MongoExtension perTest() {
    return new MongoExtension(Scope.PER_TEST);
  }

  /** The stand-in's {@code mongodb://} address. */
  public String uri() {
    return server.uri();
  }

  /** The stand-in's port on 127.0.0.1. */
  public int port() {
    return server.port();
  }

  /** What a component needs to reach the current database. */
  public MongoConfig config() {
    return new MongoConfig(uri(), namespace());
  }

  public MongoClient client() {
    return client;
  }

  /** The current database, empty at the start of its scope. */
  public MongoDatabase database() {
    if (database == null) {
      throw new IllegalStateException("MongoExtension has no database outside a test");
    }
    return database;
  }

  @Override
  protected void connect(ExtensionContext context) {
    // why: one server for every test class of the run; starting it is most of a class's cost, and
    // the databases keep the classes apart.
    server =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(
                MongoStandIn.class, key -> MongoStandIn.inMemory(), MongoStandIn.class);
    client = MongoConnections.open(new MongoConfig(server.uri(), null), "verdict-test");
  }

  @Override
  protected void enter(String namespace) {
    database = client.getDatabase(namespace);
  }

  @Override
  protected void clean(String namespace) {
    database = null;
    client.getDatabase(namespace).drop();
  }

  @Override
  protected void disconnect() {
    client.close();
  }
}
