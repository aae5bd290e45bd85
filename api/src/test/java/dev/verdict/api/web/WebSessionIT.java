package dev.verdict.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web page over plain HTTP: the page and its files with their security and cache headers, and
 * the sign-in that exchanges a token for a session cookie, with its CSRF and origin checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSessionIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();
  private RunningApi api;

  @BeforeAll
  void start() {
    api = RunningApi.start(services, "api.access.tokenCacheMs=0");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void thePageCarriesTheSecurityHeadersAndNamesVersionedAssets() throws Exception {
    HttpResponse<String> page = api.get("/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(page.body()).doesNotContain("<script>").contains("type=\"module\"");
    assertThat(api.get("/submissions/some-id", null).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/problems", null).headers().firstValue("X-Content-Type-Options"))
        .contains("nosniff");
  }

  @Test
  void assetsAreGzippedCachedForAYearAndAnsweredNotModified() throws Exception {
    String path = assetPath("app.js");
    HttpResponse<byte[]> gz =
        HttpClient.newHttpClient()
            .send(
                api.request(path, null).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(gz.statusCode()).isEqualTo(200);
    assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(gz.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000");
    String js =
        new String(
            new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(js).contains("import");
    String etag = gz.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again =
        api.send(api.request(path, null).header("If-None-Match", etag).build());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(api.get(path.replaceFirst("/assets/[0-9a-f]+/", "/assets/0000/"), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aTokenIsExchangedForASessionCookieThatSignsRequestsIn() throws Exception {
    String token = api.token("carol", Role.SUBMITTER);
    HttpResponse<String> opened = api.post("/api/v1/session", token, "");

    assertThat(opened.statusCode()).isEqualTo(201);
    String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .contains("HttpOnly", "SameSite=Strict", "Path=/")
        .doesNotContain("Secure");
    assertThat(opened.body()).doesNotContain(token);
    String cookie = cookie(setCookie);
    JsonNode me = JSON.readTree(opened.body());
    assertThat(me.path("name").asText()).isEqualTo("carol");

    HttpResponse<String> session = api.send(withCookie("/api/v1/session", cookie).GET().build());
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(session.body()).path("csrf").asText())
        .isEqualTo(me.path("csrf").asText());
    assertThat(api.send(withCookie("/api/v1/problems", cookie).GET().build()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aStateChangingRequestByCookieNeedsTheCsrfTokenAndThisOrigin() throws Exception {
    String token = api.token("dave", Role.SUBMITTER);
    HttpResponse<String> opened = api.post("/api/v1/session", token, "");
    String cookie = cookie(opened.headers().firstValue("Set-Cookie").orElseThrow());
    String csrf = JSON.readTree(opened.body()).path("csrf").asText();
    String body = RunningApi.sumInPython();

    HttpResponse<String> noCsrf = post(cookie, null, null, body);
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(noCsrf.body()).contains("X-CSRF-Token");
    assertThat(post(cookie, "wrong", null, body).statusCode()).isEqualTo(403);
    HttpResponse<String> crossOrigin = post(cookie, csrf, "http://evil.example", body);
    assertThat(crossOrigin.statusCode()).isEqualTo(403);
    assertThat(crossOrigin.body()).contains("another origin");
    assertThat(post(cookie, csrf, null, body).statusCode()).isEqualTo(202);
  }

  @Test
  void signingOutOrRevokingTheTokenEndsTheSession() throws Exception {
    String admin = api.token("root", Role.ADMIN);
    String erin = api.token("erin", Role.SUBMITTER);
    String first =
        cookie(
            api.post("/api/v1/session", erin, "").headers().firstValue("Set-Cookie").orElseThrow());
    HttpResponse<String> second = api.post("/api/v1/session", erin, "");
    String secondCookie = cookie(second.headers().firstValue("Set-Cookie").orElseThrow());
    String csrf = JSON.readTree(second.body()).path("csrf").asText();

    HttpResponse<String> out =
        api.send(
            withCookie("/api/v1/session", secondCookie)
                .header("X-CSRF-Token", csrf)
                .DELETE()
                .build());
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(api.send(withCookie("/api/v1/session", secondCookie).GET().build()).statusCode())
        .isEqualTo(401);
    assertThat(api.send(withCookie("/api/v1/session", first).GET().build()).statusCode())
        .isEqualTo(200);

    String id = tokenId(admin, "erin");
    HttpResponse<String> revoked =
        api.send(api.request("/api/v1/tokens/" + id, admin).DELETE().build());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(api.send(withCookie("/api/v1/session", first).GET().build()).statusCode())
        .isEqualTo(401);
  }

  private String tokenId(String admin, String name) throws Exception {
    for (JsonNode token : JSON.readTree(api.get("/api/v1/tokens", admin).body())) {
      if (token.path("name").asText().equals(name)) {
        return token.path("id").asText();
      }
    }
    throw new AssertionError("no token named " + name);
  }

  private HttpResponse<String> post(String cookie, String csrf, String origin, String body)
      throws Exception {
    HttpRequest.Builder request =
        withCookie("/api/v1/submissions", cookie)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return api.send(request.build());
  }

  private HttpRequest.Builder withCookie(String path, String cookie) {
    return api.request(path, null).header("Cookie", cookie);
  }

  private static String cookie(String setCookie) {
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private String assetPath(String name) throws Exception {
    Matcher m = Pattern.compile("\"(/assets/[0-9a-f]+/)").matcher(api.get("/", null).body());
    assertThat(m.find()).isTrue();
    return m.group(1) + name;
  }
}
