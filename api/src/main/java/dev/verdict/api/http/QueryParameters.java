package dev.verdict.api.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * The query parameters a route knows. A GET under {@code /api/v1} refuses any other with a 400
 * naming it, so a misspelt {@code ?limt=5} or {@code ?wait=1000} is reported instead of silently
 * answered with the defaults.
 */
public final class QueryParameters {
  private QueryParameters() {}

  /**
   * @throws ApiException 400 naming the first query parameter of the request not in {@code known}
   */
  public static void only(Context ctx, String... known) {
    Set<String> allowed = Set.of(known);
    for (String name : ctx.queryParamMap().keySet()) {
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            Echo.clip(name),
            "is not a known query parameter"
                + (known.length == 0
                    ? "; this route takes none"
                    : "; known are " + List.of(known)));
      }
    }
  }
}
