package dev.verdict.api.problem;

import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.problem.ProblemVersion;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/** {@code GET /api/v1/problems}: the problems submissions may name. */
public final class ProblemRoutes {
  private final CurrentProblems problems;
  private final LimitsConfig limits;

  public ProblemRoutes(CurrentProblems problems, LimitsConfig limits) {
    this.problems = problems;
    this.limits = limits;
  }

  /**
   * @param timeLimitMs CPU time per test before any language multiplier
   */
  record ProblemView(
      String id,
      String name,
      String version,
      int tests,
      int maxScore,
      long timeLimitMs,
      int memoryMb) {}

  public void register(Javalin app) {
    app.get("/api/v1/problems", this::list);
  }

  private void list(Context ctx) {
    List<ProblemView> views = problems.all().stream().map(this::view).toList();
    ctx.json(views);
  }

  private ProblemView view(ProblemVersion problem) {
    var resolved = limits.resolveRun(LimitOverrides.NONE, problem.limits(), 1.0);
    return new ProblemView(
        problem.problemId(),
        problem.name(),
        problem.version(),
        problem.tests().size(),
        problem.maxScore(),
        resolved.timeLimitMs(),
        resolved.memoryMb());
  }
}
