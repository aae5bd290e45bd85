package dev.verdict.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.codec.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A task split into parts keeps every test once, in order, each part saying where it starts and
 * what the whole is worth; a task is left whole when it is small or its tests are judged together.
 */
class GradingTaskChunksTest {
  private final MessageCodec codec = new MessageCodec();

  @Test
  void a_task_splits_into_parts_of_the_size_in_test_order() {
    GradingTask task = withTests(5);

    List<GradingTask> parts = task.chunks(2);

    assertThat(parts).hasSize(3);
    List<TestCase> again = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      GradingTask part = parts.get(i);
      assertThat(part.chunk()).isEqualTo(new TestChunk(i, 3, 2 * i, true, 15.0));
      assertThat(part.firstTest()).isEqualTo(2 * i);
      assertThat(part.files()).isEqualTo(task.files());
      again.addAll(part.tests());
    }
    assertThat(again).isEqualTo(task.tests());
    assertThat(parts.get(2).tests()).hasSize(1);
  }

  @Test
  void a_task_stays_whole_when_splitting_is_off_or_it_is_small_enough() {
    GradingTask task = withTests(4);

    assertThat(task.chunks(0)).containsExactly(task);
    assertThat(task.chunks(4)).containsExactly(task);
    assertThat(task.chunk()).isNull();
    assertThat(task.firstTest()).isZero();
  }

  @Test
  void a_part_and_its_result_travel_with_their_chunk() {
    GradingTask part = withTests(5).chunks(2).get(1);
    TaskFinished finished =
        new TaskFinished(
            TaskFinished.VERSION,
            part.submissionId(),
            GradingOutcome.fromTests(List.of(), 2, "", "w", 1, 2),
            part.grading(),
            part.chunk());

    assertThat(codec.decode(codec.encode(part))).isEqualTo(part);
    assertThat(codec.decode(codec.encode(finished))).isEqualTo(finished);
  }

  /** The fixture's task with {@code count} tests weighing 1, 2, 3, ..., stopping at a failure. */
  private static GradingTask withTests(int count) {
    GradingTask fixture = MessageFixtures.gradingTask();
    List<TestCase> tests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TestCase model = fixture.tests().getFirst();
      tests.add(new TestCase("secret/" + i, model.inputSha256(), model.answerSha256(), i + 1));
    }
    return new GradingTask(
        fixture.v(),
        fixture.submissionId(),
        fixture.problemId(),
        fixture.problemVersion(),
        fixture.language(),
        fixture.files(),
        tests,
        fixture.limits(),
        fixture.checker(),
        true,
        fixture.queuedAt());
  }
}
