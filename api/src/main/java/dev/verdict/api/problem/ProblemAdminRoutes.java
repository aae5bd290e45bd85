package dev.verdict.api.problem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.RequestBodies;
import dev.verdict.api.http.StrictJson;
import dev.verdict.common.codec.Json;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.config.ProblemsConfig;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemRecord;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Set;

/**
 * Managing problems: {@code POST /api/v1/problems} (a new problem from a zip package), {@code PUT
 * /api/v1/problems/{id}} (a new version), {@code DELETE /api/v1/problems/{id}} (hidden from new
 * submissions, history kept), {@code PATCH /api/v1/problems/{id}} (the problem's settings) and
 * {@code GET /api/v1/problems/{id}/versions}. Every route here is for staff: {@link #register}
 * gives each the same roles.
 */
public final class ProblemAdminRoutes {
  private final ProblemAdmin admin;
  private final PackageUpload upload;
  private static final String REVEAL = "revealFirstFailingTest";

  private final LimitsConfig limits;
  private final StrictJson json = new StrictJson(Json.mapper());

  /**
   * @param uploadedAt when it was first stored, epoch milliseconds
   */
  record VersionView(String version, long uploadedAt, int tests, boolean current) {}

  /**
   * @param versions oldest first
   */
  record VersionsView(
      String id,
      String name,
      String currentVersion,
      boolean hidden,
      boolean revealFirstFailingTest,
      List<VersionView> versions) {}

  /** The settings a problem has apart from its package's content. */
  record SettingsView(String id, boolean revealFirstFailingTest) {}

  public ProblemAdminRoutes(
      ProblemPackageLoader loader,
      ProblemStore store,
      CurrentProblems current,
      ProblemsConfig packages,
      LimitsConfig limits) {
    this.admin = new ProblemAdmin(loader, store, current, packages);
    this.upload = new PackageUpload(packages.maxPackageBytes());
    this.limits = limits;
  }

  /**
   * @param guard run before every route here, before any body is read; it throws to refuse the
   *     caller (the API passes "staff or admin")
   */
  public void register(Javalin app, Handler guard) {
    app.post("/api/v1/problems", guarded(guard, this::create));
    app.put("/api/v1/problems/{id}", guarded(guard, this::update));
    app.delete("/api/v1/problems/{id}", guarded(guard, this::hide));
    app.patch("/api/v1/problems/{id}", guarded(guard, this::settings));
    app.get("/api/v1/problems/{id}/versions", guarded(guard, this::versions));
  }

  private static Handler guarded(Handler guard, Handler route) {
    return ctx -> {
      guard.handle(ctx);
      route.handle(ctx);
    };
  }

  private void create(Context ctx) {
    ProblemVersion created = admin.create(upload.read(ctx), ctx.queryParam("id"));
    ctx.status(201)
        .header("Location", "/api/v1/problems/" + created.problemId())
        .json(ProblemSummary.of(created, limits));
  }

  private void update(Context ctx) {
    String id = ctx.pathParam("id");
    // why: an unknown problem is answered 404 before its upload is read.
    admin.find(id);
    ctx.json(ProblemSummary.of(admin.update(id, upload.read(ctx)), limits));
  }

  private void hide(Context ctx) {
    admin.hide(ctx.pathParam("id"));
    ctx.status(204);
  }

  private void settings(Context ctx) {
    String id = ctx.pathParam("id");
    admin.find(id);
    JsonNode body = json.readObject(RequestBodies.json(ctx));
    StrictJson.onlyFields(body, "", Set.of(REVEAL));
    JsonNode reveal = body.get(REVEAL);
    if (reveal != null) {
      if (!reveal.isBoolean()) {
        throw ApiException.badRequest(REVEAL, "must be true or false");
      }
      admin.revealFirstFailingTest(id, reveal.booleanValue());
    }
    ProblemRecord problem = admin.find(id);
    ctx.json(new SettingsView(problem.id(), problem.revealsFirstFailingTest()));
  }

  private void versions(Context ctx) {
    ProblemRecord problem = admin.find(ctx.pathParam("id"));
    ctx.json(
        new VersionsView(
            problem.id(),
            problem.name(),
            problem.currentVersion(),
            problem.hidden(),
            problem.revealsFirstFailingTest(),
            problem.versions().stream()
                .map(
                    v ->
                        new VersionView(
                            v.version(),
                            v.uploadedAt(),
                            v.tests(),
                            v.version().equals(problem.currentVersion())))
                .toList()));
  }
}
