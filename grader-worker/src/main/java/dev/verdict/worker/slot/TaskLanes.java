package dev.verdict.worker.slot;

import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The tasks a slot was handed and has not started, in two lanes: interactive tasks (new
 * submissions) and bulk ones (rejudges, batch items). The next task is interactive whenever one is
 * at hand, and before a bulk task is started the interactive queue is asked once more ({@link
 * InteractiveSource}), since its next task may still be on its way from the broker. Only after
 * {@code bulkEvery} interactive tasks in a row taken while a bulk one waited does a bulk task go
 * first, so a steady stream of submissions cannot starve a rejudge.
 *
 * <p>Deliveries are added from the broker's consumer thread and taken by the slot's thread.
 */
final class TaskLanes {
  /** Asks the interactive queue for one task right now, without waiting. */
  interface InteractiveSource {
    Optional<Delivery> poll() throws IOException;
  }

  private final BlockingQueue<Delivery> interactive = new LinkedBlockingQueue<>();
  private final BlockingQueue<Delivery> bulk = new LinkedBlockingQueue<>();
  private final Semaphore waiting = new Semaphore(0);
  private final int bulkEvery;
  private int interactiveStreak;

  /**
   * @param bulkEvery interactive tasks in a row after which a waiting bulk one goes first; 0: never
   */
  TaskLanes(int bulkEvery) {
    this.bulkEvery = bulkEvery;
  }

  void addInteractive(Delivery delivery) {
    interactive.add(delivery);
    waiting.release();
  }

  void addBulk(Delivery delivery) {
    bulk.add(delivery);
    waiting.release();
  }

  /**
   * Forgets every task not started, once the channel they came on is closed: the broker has put
   * them back in their queues. Called from the slot's thread only, while no channel delivers.
   */
  void clear() {
    interactive.clear();
    bulk.clear();
    waiting.drainPermits();
  }

  boolean isEmpty() {
    return interactive.isEmpty() && bulk.isEmpty();
  }

  /**
   * The task to start next, waiting up to {@code timeout} for one; null when none came. Called from
   * the slot's thread only.
   */
  Delivery next(long timeout, TimeUnit unit, InteractiveSource source)
      throws InterruptedException, IOException {
    if (!waiting.tryAcquire(timeout, unit)) {
      return null;
    }
    boolean bulkDue = bulkEvery > 0 && interactiveStreak >= bulkEvery && !bulk.isEmpty();
    if (!bulkDue) {
      Delivery next = interactive.poll();
      if (next != null) {
        interactiveStreak = bulk.isEmpty() ? 0 : interactiveStreak + 1;
        return next;
      }
      Optional<Delivery> fetched = source.poll();
      if (fetched.isPresent()) {
        // why: the permit taken stands for the bulk task, which stays in its lane.
        waiting.release();
        interactiveStreak++;
        return fetched.get();
      }
    }
    interactiveStreak = 0;
    return bulk.poll();
  }
}
