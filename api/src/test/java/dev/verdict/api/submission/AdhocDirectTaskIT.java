package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which queue a submission's first message goes to ({@code api.adhoc.directTasks}): an ad-hoc run
 * with one test goes to the task queue as its grading task, ready for a worker, with no dispatcher
 * running; anything else, and everything when the key is false, goes to the submission queue for a
 * dispatcher. Either way the submission is stored first and marked published once confirmed.
 */
class AdhocDirectTaskIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MessageCodec CODEC = new MessageCodec();
  private static final String ONE_TEST =
      "{\"language\": \"python3\", \"files\": [{\"name\": \"main.py\", \"content\":"
          + " \"print(sum(map(int, input().split())))\"}], \"tests\": [{\"input\": \"3 4\\n\"}]}";
  private static final String TWO_TESTS =
      "{\"language\": \"python3\", \"files\": [{\"name\": \"main.py\", \"content\":"
          + " \"print(sum(map(int, input().split())))\"}], \"tests\": [{\"input\": \"3 4\\n\"},"
          + " {\"input\": \"5 6\\n\"}]}";

  @Test
  void an_adhoc_run_with_one_test_is_queued_as_its_grading_task_and_marked_published()
      throws Exception {
    try (RunningApi api = RunningApi.start(services)) {
      String id = accepted(api.post("/api/v1/submissions", staff(api), ONE_TEST));

      GradingTask task = (GradingTask) next(topology().tasksQueue());
      assertThat(task.submissionId()).isEqualTo(id);
      assertThat(task.tests()).hasSize(1);
      assertThat(task.tests().getFirst().input()).isEqualTo("3 4\n");
      assertThat(task.files())
          .singleElement()
          .satisfies(f -> assertThat(f.name()).isEqualTo("main.py"));
      assertThat(task.grading()).isEqualTo(1);
      Submission stored = store(api).find(id).orElseThrow();
      assertThat(task.problemVersion()).isEqualTo(stored.problemVersion());
      assertThat(services.rabbit().messageCount(topology().submissionsQueue())).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> store(api).find(id).orElseThrow().published());
    }
  }

  @Test
  void an_adhoc_run_with_more_tests_and_a_problem_s_submission_go_to_a_dispatcher()
      throws Exception {
    try (RunningApi api = RunningApi.start(services)) {
      String token = staff(api);
      String adhoc = accepted(api.post("/api/v1/submissions", token, TWO_TESTS));
      String problem = accepted(api.post("/api/v1/submissions", token, RunningApi.sumInPython()));

      assertThat(((SubmissionQueued) next(topology().submissionsQueue())).submissionId())
          .isEqualTo(adhoc);
      assertThat(((SubmissionQueued) next(topology().submissionsQueue())).submissionId())
          .isEqualTo(problem);
      assertThat(services.rabbit().messageCount(topology().tasksQueue())).isZero();
    }
  }

  @Test
  void with_direct_tasks_off_a_one_test_run_goes_to_a_dispatcher_too() throws Exception {
    try (RunningApi api = RunningApi.start(services, "api.adhoc.directTasks=false")) {
      String id = accepted(api.post("/api/v1/submissions", staff(api), ONE_TEST));

      assertThat(((SubmissionQueued) next(topology().submissionsQueue())).submissionId())
          .isEqualTo(id);
      assertThat(services.rabbit().messageCount(topology().tasksQueue())).isZero();
    }
  }

  private static String staff(RunningApi api) {
    return api.token("direct-staff", Role.STAFF);
  }

  private static SubmissionStore store(RunningApi api) {
    return new SubmissionStore(api.database(), new MetricRegistry());
  }

  private static Topology topology() {
    return services.rabbit().topology();
  }

  /** The next message of {@code queue}, taken off it; the API answered only after its confirm. */
  private static Message next(String queue) throws Exception {
    try (Channel channel = services.rabbit().channel()) {
      GetResponse got = channel.basicGet(queue, true);
      assertThat(got).as("a message on %s", queue).isNotNull();
      return CODEC.decode(got.getBody());
    }
  }

  private static String accepted(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    return JSON.readTree(answer.body()).get("id").asText();
  }
}
