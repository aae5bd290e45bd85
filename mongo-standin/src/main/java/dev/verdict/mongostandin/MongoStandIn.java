package dev.verdict.mongostandin;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

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

  /**
   * The size in bytes above which the H2 file store splits a page of its B-trees: {@value}.
   *
   * <p>why: the store writes a changed page whole, every document in it serialised again, once a
   * second (H2's autosave). Grading touches the newest documents of a few collections all the time,
   * so with H2's default of 48 KiB pages the stand-in spent about a third of its CPU rewriting the
   * same unchanged neighbours; with 4 KiB pages about a quarter less CPU per submission was
   * measured (docs/benchmarks.md). What is on disk and when it is written are unchanged: the size
   * only decides where new pages split, so a file written with another size opens as it was.
   */
  public static final int DEFAULT_PAGE_SPLIT_BYTES = 4096;

  /** A server on {@code host:port} keeping its data in an H2 file, surviving restarts. */
  public static MongoStandIn persistent(Path file, String host, int port) {
    return persistent(file, host, port, DEFAULT_PAGE_SPLIT_BYTES);
  }

  /**
   * The same, splitting the file's B-tree pages above {@code pageSplitBytes} (see {@link
   * #DEFAULT_PAGE_SPLIT_BYTES}).
   */
  public static MongoStandIn persistent(Path file, String host, int port, int pageSplitBytes) {
    MVStore store =
        new MVStore.Builder().fileName(file.toString()).pageSplitSize(pageSplitBytes).open();
    return new MongoStandIn(new H2Backend(store), host, port);
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
