package dev.verdict.api.web;

import dev.verdict.api.access.Access;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/**
 * The web page, on the API's own port: the HTML shell at each page's URL, and its files below
 * {@code /assets/<version>/}. Nobody needs a token to load them; the page signs in through {@code
 * /api/v1/session} and then calls the same API as everyone else. Every answer of the server, page
 * or API, carries the security headers set here.
 */
public final class WebRoutes {
  /**
   * No inline script or style, nothing from elsewhere, never framed. uPlot draws on a canvas and
   * sets sizes through the CSS object model, which a policy without inline styles still allows.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  /** The pages the shell answers; each module renders the one its URL names. */
  private static final List<String> PAGES =
      List.of(
          "/",
          "/problems/{id}",
          "/submissions",
          "/submissions/{id}",
          "/staff/submissions",
          "/staff/problems",
          "/staff/system");

  private static final long YEAR_SECONDS = 365L * 24 * 3600;

  private final WebAssets assets;

  public WebRoutes(WebAssets assets) {
    this.assets = assets;
  }

  public void register(Javalin app) {
    app.before(WebRoutes::securityHeaders);
    for (String page : PAGES) {
      app.get(page, ctx -> send(ctx, assets.shell(), "no-cache"), Access.PUBLIC);
    }
    app.get("/assets/{version}/<name>", this::asset, Access.PUBLIC);
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
  }

  private void asset(Context ctx) {
    // why: an old version's URL is not answered with today's file, which might not fit the old
    // page that asks for it; the page is reloaded instead.
    if (!ctx.pathParam("version").equals(assets.version())) {
      ctx.status(404).result("");
      return;
    }
    WebAssets.Asset asset = assets.get(ctx.pathParam("name")).orElse(null);
    if (asset == null) {
      ctx.status(404).result("");
      return;
    }
    send(ctx, asset, "public, max-age=" + YEAR_SECONDS + ", immutable");
  }

  private static void send(Context ctx, WebAssets.Asset asset, String cacheControl) {
    ctx.header("Cache-Control", cacheControl);
    ctx.header("ETag", asset.etag());
    ctx.header("Vary", "Accept-Encoding");
    ctx.contentType(asset.contentType());
    if (asset.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    String accepted = ctx.header("Accept-Encoding");
    if (accepted != null && accepted.contains("gzip")) {
      ctx.header("Content-Encoding", "gzip");
      ctx.result(asset.gzip());
    } else {
      ctx.result(asset.plain());
    }
  }
}
