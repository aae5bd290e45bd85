package dev.verdict.api.problem;

import dev.verdict.api.http.QueryParameters;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.config.ProblemsConfig;
import dev.verdict.common.problem.ProblemVersion;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/problems}, the problems submissions may name, and {@code GET
 * /api/v1/problems/{id}}, one of them with its statement and sample tests. Hidden problems are
 * neither listed nor shown.
 */
public final class ProblemRoutes {
  private final CurrentProblems problems;
  private final ProblemDetails details;
  private final LimitsConfig limits;
  private final Predicate<Context> maySeeSecretData;

  /**
   * @param maySeeSecretData decides, per request, whether the caller may see the secret tests' data
   *     (staff may, submitters may not)
   */
  public ProblemRoutes(
      CurrentProblems problems,
      BlobStore blobs,
      LimitsConfig limits,
      ProblemsConfig packages,
      Predicate<Context> maySeeSecretData) {
    this.problems = problems;
    this.details = new ProblemDetails(blobs, limits, packages.shownTestBytes());
    this.limits = limits;
    this.maySeeSecretData = maySeeSecretData;
  }

  public void register(Javalin app) {
    app.get("/api/v1/problems", this::list);
    app.get("/api/v1/problems/{id}", this::get);
  }

  private void list(Context ctx) {
    QueryParameters.only(ctx);
    List<ProblemSummary> views =
        problems.all().stream().map(problem -> ProblemSummary.of(problem, limits)).toList();
    ctx.json(views);
  }

  private void get(Context ctx) {
    QueryParameters.only(ctx);
    ProblemVersion problem =
        ProblemAdmin.wellFormed(ctx.pathParam("id"))
            .flatMap(problems::get)
            .orElseThrow(() -> ProblemAdmin.noSuchProblem(ctx.pathParam("id")));
    ctx.json(details.describe(problem, maySeeSecretData.test(ctx)));
  }
}
