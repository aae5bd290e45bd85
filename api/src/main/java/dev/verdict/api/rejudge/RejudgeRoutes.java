package dev.verdict.api.rejudge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.api.access.Access;
import dev.verdict.api.access.Caller;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.QueryParameters;
import dev.verdict.api.http.RequestBodies;
import dev.verdict.api.http.StrictJson;
import dev.verdict.common.access.Role;
import dev.verdict.common.codec.Json;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.problem.ProblemRecord;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.rejudge.Rejudge;
import dev.verdict.common.rejudge.RejudgeStore;
import dev.verdict.common.submission.RejudgeSelection;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rejudging, for staff: {@code POST /api/v1/submissions/{id}/rejudge} (one submission), {@code POST
 * /api/v1/rejudges} (a list of submissions, or every submission of a problem, optionally only those
 * with a verdict), each against the version each was graded with or the problem's newest; {@code
 * GET /api/v1/rejudges/{id}} and {@code GET /api/v1/rejudges} to follow them. The API only checks
 * and stores the request (202); a dispatcher runs it ({@code RejudgeRunner}).
 */
public final class RejudgeRoutes {
  /** The most submissions one request may list. */
  static final int MAX_IDS = 1_000;

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private static final String SAME = "same";
  private static final String NEWEST = "newest";

  private final SubmissionStore submissions;
  private final ProblemStore problems;
  private final RejudgeStore rejudges;
  private final StrictJson json = new StrictJson(Json.mapper());

  public RejudgeRoutes(SubmissionStore submissions, ProblemStore problems, RejudgeStore rejudges) {
    this.submissions = submissions;
    this.problems = problems;
    this.rejudges = rejudges;
  }

  public void register(Javalin app) {
    app.post("/api/v1/submissions/{id}/rejudge", this::rejudgeOne);
    app.post("/api/v1/rejudges", this::rejudgeMany);
    app.get("/api/v1/rejudges", this::list);
    app.get("/api/v1/rejudges/{id}", this::get);
  }

  private void rejudgeOne(Context ctx) {
    Caller caller = Access.require(ctx, Role.STAFF);
    String id = ctx.pathParam("id");
    JsonNode body = body(ctx);
    StrictJson.onlyFields(body, "", Set.of("version"));
    boolean newest = newest(body);
    Submission submission =
        submissions
            .find(id)
            .orElseThrow(
                () -> ApiException.notFound("id", "no submission with id '" + Echo.clip(id) + "'"));
    if (submission.state() != SubmissionState.DONE) {
      throw new ApiException(
          409,
          "submission '" + Echo.clip(id) + "' is being graded; rejudge it once it is DONE",
          "id");
    }
    created(ctx, caller, List.of(id), null, versions(newest, Set.of(submission.problemId())));
  }

  private void rejudgeMany(Context ctx) {
    Caller caller = Access.require(ctx, Role.STAFF);
    JsonNode body = body(ctx);
    StrictJson.onlyFields(body, "", Set.of("submissions", "problem", "verdict", "version"));
    boolean newest = newest(body);
    JsonNode listed = body.get("submissions");
    JsonNode problem = body.get("problem");
    if ((listed == null) == (problem == null)) {
      throw ApiException.badRequest(
          listed == null ? "problem" : "submissions",
          "or submissions is needed, not both: a list of submission ids, or a problem id");
    }
    if (listed != null) {
      if (body.has("verdict")) {
        throw ApiException.badRequest("verdict", "filters a problem's submissions only");
      }
      List<String> ids = ids(listed);
      Map<String, Submission> found = new HashMap<>();
      for (Submission submission : submissions.findAll(ids)) {
        found.put(submission.id(), submission);
      }
      Set<String> problemIds = new LinkedHashSet<>();
      for (int i = 0; i < ids.size(); i++) {
        Submission submission = found.get(ids.get(i));
        if (submission == null) {
          throw ApiException.badRequest(
              "submissions[" + i + "]", "is no submission's id: '" + Echo.clip(ids.get(i)) + "'");
        }
        problemIds.add(submission.problemId());
      }
      created(
          ctx, caller, List.copyOf(new LinkedHashSet<>(ids)), null, versions(newest, problemIds));
      return;
    }
    if (!problem.isTextual()) {
      throw ApiException.badRequest("problem", "must be a problem id (a string)");
    }
    String problemId = problem.textValue();
    if (problems.find(problemId).isEmpty()) {
      throw ApiException.badRequest(
          "problem", "'" + Echo.clip(problemId) + "' does not exist; see GET /api/v1/problems");
    }
    String verdict = verdict(body.get("verdict"));
    created(
        ctx,
        caller,
        null,
        new RejudgeSelection(problemId, verdict),
        versions(newest, Set.of(problemId)));
  }

  private void created(
      Context ctx,
      Caller caller,
      List<String> ids,
      RejudgeSelection selection,
      Map<String, String> versions) {
    Rejudge rejudge =
        Rejudge.of(
            RejudgeStore.newId(),
            caller.name(),
            System.currentTimeMillis(),
            ids,
            selection,
            versions);
    rejudges.insert(rejudge);
    ctx.status(202)
        .header("Location", "/api/v1/rejudges/" + rejudge.id())
        .json(RejudgeView.of(rejudge));
  }

  private void get(Context ctx) {
    Access.require(ctx, Role.STAFF);
    QueryParameters.only(ctx);
    String id = ctx.pathParam("id");
    Rejudge rejudge =
        rejudges
            .find(id)
            .orElseThrow(
                () -> ApiException.notFound("id", "no rejudge with id '" + Echo.clip(id) + "'"));
    ctx.json(RejudgeView.of(rejudge));
  }

  /** The newest rejudges first. */
  record Page(List<RejudgeView> rejudges) {}

  private void list(Context ctx) {
    Access.require(ctx, Role.STAFF);
    QueryParameters.only(ctx, "limit");
    int limit = DEFAULT_LIMIT;
    String value = ctx.queryParam("limit");
    if (value != null) {
      try {
        limit = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        limit = 0;
      }
      if (limit < 1 || limit > MAX_LIMIT || !value.matches("[0-9]+")) {
        throw ApiException.badRequest("limit", "must be a whole number 1.." + MAX_LIMIT);
      }
    }
    ctx.json(new Page(rejudges.newest(limit).stream().map(RejudgeView::of).toList()));
  }

  /** The request's JSON object; an empty body is an empty object. */
  private JsonNode body(Context ctx) {
    byte[] raw = RequestBodies.json(ctx);
    return raw.length == 0 ? Json.mapper().createObjectNode() : json.readObject(raw);
  }

  private static boolean newest(JsonNode body) {
    JsonNode version = body.get("version");
    if (version == null) {
      return false;
    }
    if (!version.isTextual()
        || !(version.textValue().equals(SAME) || version.textValue().equals(NEWEST))) {
      throw ApiException.badRequest(
          "version",
          "must be \"same\" (the version each submission was graded with) or \"newest\" (the"
              + " problem's current version)");
    }
    return version.textValue().equals(NEWEST);
  }

  /** For a rejudge against the newest versions: each problem's current version, now. */
  private Map<String, String> versions(boolean newest, Set<String> problemIds) {
    if (!newest) {
      return Map.of();
    }
    Map<String, String> versions = new TreeMap<>();
    for (String problemId : problemIds) {
      problems
          .find(problemId)
          .map(ProblemRecord::currentVersion)
          .ifPresent(version -> versions.put(problemId, version));
    }
    return versions;
  }

  private static List<String> ids(JsonNode listed) {
    if (!listed.isArray() || listed.isEmpty() || listed.size() > MAX_IDS) {
      throw ApiException.badRequest(
          "submissions", "must be a list of 1.." + MAX_IDS + " submission ids");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      JsonNode id = listed.get(i);
      if (!id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > 100) {
        throw ApiException.badRequest("submissions[" + i + "]", "must be a submission id");
      }
      ids.add(id.textValue());
    }
    return ids;
  }

  private static String verdict(JsonNode verdict) {
    if (verdict == null) {
      return null;
    }
    if (verdict.isTextual()) {
      for (Verdict known : Verdict.values()) {
        if (known.name().equals(verdict.textValue())) {
          return known.name();
        }
      }
    }
    throw ApiException.badRequest("verdict", "must be a verdict, e.g. WRONG_ANSWER");
  }
}
