package dev.verdict.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One output stream of a run, kept in memory up to {@code limit} bytes. Going over the limit calls
 * {@code onExceeded} once (the sandbox kills the run); what comes after is counted out but still
 * accepted, so the program never blocks on a full pipe.
 */
final class BoundedOutput {
  private final int limit;
  private final Runnable onExceeded;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private volatile boolean exceeded;

  BoundedOutput(long limit, Runnable onExceeded) {
    this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 16);
    this.onExceeded = onExceeded;
  }

  /** Takes the next {@code n} bytes of the stream. Called by one thread at a time. */
  void accept(byte[] buffer, int offset, int n) {
    int room = limit - kept.size();
    if (n > room) {
      kept.write(buffer, offset, Math.max(room, 0));
      if (!exceeded) {
        exceeded = true;
        onExceeded.run();
      }
    } else {
      kept.write(buffer, offset, n);
    }
  }

  /** A task that reads {@code in} to its end into {@code sink}, then closes it. */
  static Runnable drain(InputStream in, BoundedOutput sink) {
    return () -> {
      byte[] buffer = new byte[64 * 1024];
      try (in) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          sink.accept(buffer, 0, n);
        }
      } catch (IOException e) {
        // why: the pipe breaks when the run is killed; what was read so far is the output.
      }
    };
  }

  boolean exceeded() {
    return exceeded;
  }

  byte[] bytes() {
    return kept.toByteArray();
  }
}
