package dev.verdict.api.problem;

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

/**
 * Managing problems: {@code POST /api/v1/problems} (a new problem from a zip package), {@code PUT
 * /api/v1/problems/{id}} (a new version), {@code DELETE /api/v1/problems/{id}} (hidden from new
 * submissions, history kept) and {@code GET /api/v1/problems/{id}/versions}. Every route here is
 * for staff: {@link #register} gives each the same roles.
 */
public final class ProblemAdminRoutes {
  private final ProblemAdmin admin;
  private final PackageUpload upload;
  private final LimitsConfig limits;

  /**
   * @param uploadedAt when it was first stored, epoch milliseconds
   */
  record VersionView(String version, long uploadedAt, int tests, boolean current) {}

  /**
   * @param versions oldest first
   */
  record VersionsView(
      String id, String name, String currentVersion, boolean hidden, List<VersionView> versions) {}

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

  private void versions(Context ctx) {
    ProblemRecord problem = admin.find(ctx.pathParam("id"));
    ctx.json(
        new VersionsView(
            problem.id(),
            problem.name(),
            problem.currentVersion(),
            problem.hidden(),
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
