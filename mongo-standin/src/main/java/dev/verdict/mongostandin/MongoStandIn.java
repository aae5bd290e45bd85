package dev.verdict.mongostandin;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A server that speaks the MongoDB wire protocol, in this process. It supports what Verdict uses
 * (CRUD, GridFS, unique indexes, findOneAndUpdate) and silently ignores non-unique secondary and
 * TTL indexes, so nothing in Verdict may depend on those for correctness.
 */
public final class MongoStandIn implements AutoCloseable {
  private final MongoServer server;
  private final InetSocketAddress address;

  private MongoStandIn(MongoBackend backend, String host, int port) {
    this.server = new MongoServer(backend);
    server.bind(host, port);
    this.address = server.getLocalAddress();
  }

  /** An empty in-memory server on a free loopback port. */
  public static MongoStandIn inMemory() {
    return new MongoStandIn(new MemoryBackend(), "127.0.0.1", 0);
  }

  /** A server on {@code host:port} keeping its data in an H2 file, surviving restarts. */
  public static MongoStandIn persistent(Path file, String host, int port) {
    return new MongoStandIn(new H2Backend(file.toString()), host, port);
  }

  public int port() {
    return address.getPort();
  }

  public String uri() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
