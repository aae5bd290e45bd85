package dev.verdict.common.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a composition root opened, closed in the reverse order it was opened. A root adds each part
 * right after making it, so a part is closed before anything it was made from: a consumer stops
 * before the publisher and the connection it uses, and in-flight work is acknowledged or returned
 * to its queue, never dropped. The same order serves a start-up that fails half-way: whatever was
 * opened so far is closed.
 */
public final class Closer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private final String owner;
  private final List<AutoCloseable> parts = new ArrayList<>();

  /**
   * @param owner what the parts belong to, for the log
   */
  public Closer(String owner) {
    this.owner = owner;
  }

  /** Closes {@code part} when this closes, before everything added earlier; returns it. */
  public synchronized <T extends AutoCloseable> T add(T part) {
    parts.add(part);
    return part;
  }

  /**
   * Closes every part, the last added first, once each: a part that fails to close is logged and
   * the others are still closed.
   */
  @Override
  public synchronized void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      AutoCloseable part = parts.get(i);
      try {
        part.close();
      } catch (Exception e) {
        LOG.debug("{}: closing {}: {}", owner, part.getClass().getSimpleName(), e.toString());
      }
    }
    parts.clear();
  }
}
