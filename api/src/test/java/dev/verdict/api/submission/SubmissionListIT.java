package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.Results;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /api/v1/submissions}: a submitter lists its own, newest first, a page at a time; staff
 * list everyone's and filter by user, problem, verdict and time; bad parameters are named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionListIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningApi api;
  private String alice;
  private String bob;
  private String staff;
  private final List<String> aliceIds = new ArrayList<>();
  private String bobId;

  @BeforeAll
  void submit() throws Exception {
    api = RunningApi.start(services);
    alice = api.token("alice", Role.SUBMITTER);
    bob = api.token("bob", Role.SUBMITTER);
    staff = api.token("lab-staff", Role.STAFF);
    for (int i = 0; i < 5; i++) {
      aliceIds.add(submit(alice));
    }
    bobId = submit(bob);
    Results.finish(api, aliceIds.get(0), Results.wrongAnswer());
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
  }

  @Test
  void a_submitter_pages_through_its_own_submissions_newest_first() throws Exception {
    List<String> seen = new ArrayList<>();
    List<Instant> created = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          json(
              api.get(
                  "/api/v1/submissions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                  alice));
      page.get("submissions")
          .forEach(
              item -> {
                seen.add(item.get("id").asText());
                created.add(Instant.parse(item.get("createdAt").asText()));
              });
      cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(aliceIds).doesNotContain(bobId);
    assertThat(created).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void a_submitter_may_not_list_another_user() throws Exception {
    assertThat(api.get("/api/v1/submissions?user=bob", alice).statusCode()).isEqualTo(403);
  }

  @Test
  void staff_list_everyone_and_filter_by_user_problem_verdict_and_time() throws Exception {
    assertThat(ids("/api/v1/submissions?limit=100")).hasSize(6);
    assertThat(ids("/api/v1/submissions?user=bob")).containsExactly(bobId);
    assertThat(ids("/api/v1/submissions?problem=sum")).hasSize(6);
    assertThat(ids("/api/v1/submissions?problem=reverse")).isEmpty();
    assertThat(ids("/api/v1/submissions?verdict=WRONG_ANSWER")).containsExactly(aliceIds.get(0));
    String later = Instant.now().plusSeconds(3600).toString();
    assertThat(ids("/api/v1/submissions?from=" + later)).isEmpty();
    assertThat(ids("/api/v1/submissions?to=" + later)).hasSize(6);
  }

  @ParameterizedTest
  @CsvSource({
    "limit=0, limit",
    "limit=101, limit",
    "limit=many, limit",
    "verdict=GREAT, verdict",
    "from=yesterday, from",
    "to=2026-13-01, to",
    "cursor=abc, cursor"
  })
  void a_bad_parameter_is_a_400_naming_it(String query, String field) throws Exception {
    HttpResponse<String> response = api.get("/api/v1/submissions?" + query, staff);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("field").asText()).isEqualTo(field);
  }

  private List<String> ids(String path) throws Exception {
    List<String> ids = new ArrayList<>();
    json(api.get(path, staff)).get("submissions").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private String submit(String token) throws Exception {
    HttpResponse<String> response =
        api.post("/api/v1/submissions", token, RunningApi.sumInPython());
    assertThat(response.statusCode()).isEqualTo(202);
    return JSON.readTree(response.body()).get("id").asText();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
