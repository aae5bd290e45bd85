package dev.verdict.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Drains one output pipe of a run into memory, keeping at most {@code limit} bytes. Going over the
 * limit calls {@code onExceeded} once (the sandbox kills the run) and keeps draining so the program
 * never blocks on a full pipe.
 */
final class BoundedOutput implements Runnable {
  private final InputStream in;
  private final int limit;
  private final Runnable onExceeded;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private volatile boolean exceeded;

  BoundedOutput(InputStream in, long limit, Runnable onExceeded) {
    this.in = in;
    this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 16);
    this.onExceeded = onExceeded;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[64 * 1024];
    try (in) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        int room = limit - kept.size();
        if (n > room) {
          kept.write(buffer, 0, Math.max(room, 0));
          if (!exceeded) {
            exceeded = true;
            onExceeded.run();
          }
        } else {
          kept.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // why: the pipe breaks when the run is killed; what was read so far is the output.
    }
  }

  boolean exceeded() {
    return exceeded;
  }

  byte[] bytes() {
    return kept.toByteArray();
  }
}
