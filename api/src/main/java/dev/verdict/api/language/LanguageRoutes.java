package dev.verdict.api.language;

import dev.verdict.api.http.QueryParameters;
import dev.verdict.common.config.LanguageConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/languages}: the languages submissions may use. */
public final class LanguageRoutes {
  private final List<LanguageView> languages;

  record LanguageView(
      String name,
      String displayName,
      boolean compiled,
      List<String> sourceExtensions,
      List<String> otherExtensions,
      double timeMultiplier) {}

  public LanguageRoutes(Map<String, LanguageConfig> enabled) {
    this.languages =
        enabled.entrySet().stream()
            .map(
                e ->
                    new LanguageView(
                        e.getKey(),
                        e.getValue().displayName() == null
                            ? e.getKey()
                            : e.getValue().displayName(),
                        e.getValue().compiled(),
                        e.getValue().sourceExtensions(),
                        e.getValue().otherExtensions(),
                        e.getValue().timeMultiplier()))
            .toList();
  }

  public void register(Javalin app) {
    app.get("/api/v1/languages", this::list);
  }

  private void list(Context ctx) {
    QueryParameters.only(ctx);
    ctx.json(languages);
  }
}
