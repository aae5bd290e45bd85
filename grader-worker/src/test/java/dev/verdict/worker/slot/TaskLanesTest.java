package dev.verdict.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskLanesTest {
  private final Deque<Delivery> broker = new ArrayDeque<>();

  private static Delivery task(String name) {
    return new Delivery(
        new Envelope(1, false, "", ""), null, name.getBytes(StandardCharsets.UTF_8));
  }

  /** Lanes holding one bulk task, then {@code interactive} interactive ones. */
  private static TaskLanes behindOneBulkTask(int bulkEvery, int interactive) {
    TaskLanes lanes = new TaskLanes(bulkEvery);
    lanes.addBulk(task("rejudge-1"));
    for (int i = 1; i <= interactive; i++) {
      lanes.addInteractive(task("new-" + i));
    }
    return lanes;
  }

  /** The names of the next {@code count} tasks, null where none came. */
  private List<String> take(TaskLanes lanes, int count) throws Exception {
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Delivery next =
          lanes.next(10, TimeUnit.MILLISECONDS, () -> Optional.ofNullable(broker.poll()));
      taken.add(next == null ? null : new String(next.getBody(), StandardCharsets.UTF_8));
    }
    return taken;
  }

  @Test
  void cleared_lanes_hand_out_only_what_came_after() throws Exception {
    TaskLanes lanes = behindOneBulkTask(4, 2);

    lanes.clear();
    lanes.addInteractive(task("on-the-new-channel"));

    assertThat(take(lanes, 2)).containsExactly("on-the-new-channel", null);
    assertThat(lanes.isEmpty()).isTrue();
  }

  @Test
  void an_interactive_task_at_hand_goes_before_a_bulk_task_that_came_first() throws Exception {
    assertThat(take(behindOneBulkTask(4, 1), 3)).containsExactly("new-1", "rejudge-1", null);
  }

  @Test
  void the_interactive_queue_is_asked_before_a_bulk_task_starts() throws Exception {
    broker.add(task("new-on-its-way"));

    assertThat(take(behindOneBulkTask(4, 0), 3))
        .containsExactly("new-on-its-way", "rejudge-1", null);
  }

  @Test
  void a_steady_stream_of_interactive_tasks_lets_one_bulk_task_through_every_few()
      throws Exception {
    assertThat(take(behindOneBulkTask(2, 5), 6))
        .containsExactly("new-1", "new-2", "rejudge-1", "new-3", "new-4", "new-5");
  }

  @Test
  void with_bulk_every_zero_a_bulk_task_waits_for_every_interactive_one() throws Exception {
    assertThat(take(behindOneBulkTask(0, 5), 6))
        .containsExactly("new-1", "new-2", "new-3", "new-4", "new-5", "rejudge-1");
  }
}
