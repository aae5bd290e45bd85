package dev.verdict.api.jobe;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.verdict.api.access.Access;
import dev.verdict.api.access.Authenticator;
import dev.verdict.api.access.Caller;
import dev.verdict.api.access.RateLimiter;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.RequestBodies;
import dev.verdict.api.http.StrictJson;
import dev.verdict.api.submission.StatusEvents;
import dev.verdict.api.submission.SubmissionService;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.codec.Json;
import dev.verdict.common.config.JobeConfig;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobe's REST API at {@value #BASE}, as its public repository defines it: {@code GET languages},
 * {@code POST runs}, {@code PUT} and {@code HEAD files/{id}}, and the older endpoints Jobe still
 * answers ({@code GET runs/{id}}, {@code GET runresults/{id}}, {@code POST files}, the base
 * itself), with Jobe's status codes and bodies (a JSON string for every refusal). Every answer
 * carries Jobe's CORS headers, and {@code OPTIONS} answers a browser's preflight.
 *
 * <p>These routes authenticate with {@code X-API-KEY} ({@link ApiKeys}) instead of a bearer token.
 */
public final class JobeRoutes {
  public static final String BASE = "/jobe/index.php/restapi";
  private static final Logger LOG = LoggerFactory.getLogger(JobeRoutes.class);
  private static final ObjectMapper JSON = Json.mapper();

  private final ApiKeys keys;
  private final JobeLanguages languages;
  private final StrictJson json;
  private final RunSpecParser parser;
  private final JobeFiles files;
  private final JobeRuns runs;
  private final int maxFileBytes;

  JobeRoutes(
      ApiKeys keys,
      JobeLanguages languages,
      StrictJson json,
      RunSpecParser parser,
      JobeFiles files,
      JobeRuns runs,
      int maxFileBytes) {
    this.keys = keys;
    this.languages = languages;
    this.json = json;
    this.parser = parser;
    this.files = files;
    this.runs = runs;
    this.maxFileBytes = maxFileBytes;
  }

  /** The facade over this API process's stores, tokens and submissions. */
  public static JobeRoutes create(
      VerdictConfig config,
      MongoDatabase database,
      BlobStore blobs,
      StatusStore status,
      SubmissionStore submissions,
      StatusEvents events,
      SubmissionService submissionService,
      Authenticator authenticator,
      RateLimiter rateLimiter,
      StrictJson json,
      MetricRegistry metrics) {
    JobeConfig jobe = config.jobe();
    String javaHome =
        config.worker().javaHome().isEmpty()
            ? System.getProperty("java.home")
            : config.worker().javaHome();
    JobeLanguages languages = new JobeLanguages(config.enabledLanguages(), javaHome);
    JobeFiles files = new JobeFiles(database, blobs, metrics);
    RunWaiter waiter =
        new RunWaiter(events, status, submissions, jobe.queueWaitMs(), jobe.runWaitMs());
    RunSpecParser parser =
        new RunSpecParser(
            json,
            languages,
            jobe.maxCpuTimeSecs(),
            config.api().maxFileBytes(),
            jobe.maxFileBytes(),
            config.api().maxFiles());
    return new JobeRoutes(
        new ApiKeys(authenticator, rateLimiter, jobe),
        languages,
        json,
        parser,
        files,
        new JobeRuns(
            languages,
            config.enabledLanguages(),
            files,
            blobs,
            submissionService,
            config.api().adhoc().ceilings(),
            waiter),
        jobe.maxFileBytes());
  }

  public void register(Javalin app) {
    app.before(BASE + "/*", JobeRoutes::cors);
    app.before(BASE, JobeRoutes::cors);
    app.exception(JobeException.class, JobeRoutes::refuse);
    app.get(BASE + "/languages", this::languages, Access.PUBLIC);
    app.post(BASE + "/runs", this::run, Access.PUBLIC);
    app.put(BASE + "/files/{id}", this::putFile, Access.PUBLIC);
    app.head(BASE + "/files/{id}", this::headFile, Access.PUBLIC);
    app.post(BASE + "/files", this::postFile, Access.PUBLIC);
    app.get(BASE + "/runs/{id}", this::getRun, Access.PUBLIC);
    app.get(BASE + "/runresults/{id}", this::getRunResults, Access.PUBLIC);
    app.get(BASE, this::index, Access.PUBLIC);
    app.options(BASE + "/*", ctx -> ctx.status(200), Access.PUBLIC);
  }

  private static void cors(Context ctx) {
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header(
        "Access-Control-Allow-Headers",
        "X-API-KEY, Origin, X-Requested-With, Content-Type, Accept, Access-Control-Request-Method");
    ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS, PUT, HEAD, DELETE");
  }

  private static void refuse(JobeException e, Context ctx) {
    if (e.retryAfterSeconds() != null) {
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    ctx.status(e.status());
    if (!"HEAD".equals(ctx.method().name())) {
      message(ctx, e.getMessage());
    }
  }

  private void languages(Context ctx) {
    keys.caller(ctx);
    ctx.json(languages.list());
  }

  private void run(Context ctx) {
    Caller caller = keys.caller(ctx);
    RunSpec spec = parser.parse(body(ctx));
    ctx.json(runs.run(spec, caller));
  }

  private void putFile(Context ctx) {
    keys.caller(ctx);
    String id = fileId(ctx);
    // why: base64 is four bytes for every three, and the JSON around it is small.
    RequestBodies.allow(ctx, (long) maxFileBytes / 3 * 4 + 4 + 4096);
    JsonNode request;
    try {
      request = json.readObject(body(ctx));
    } catch (ApiException e) {
      throw JobeException.badRequest(
          "put: missing file_contents parameter (" + e.getMessage() + ")");
    }
    JsonNode contentsField = request.get("file_contents");
    if (contentsField == null || !contentsField.isTextual()) {
      throw JobeException.badRequest("put: missing file_contents parameter");
    }
    String encoded = contentsField.textValue();
    byte[] contents;
    try {
      contents = Base64.getDecoder().decode(withoutWhitespace(encoded));
    } catch (IllegalArgumentException e) {
      throw JobeException.badRequest("put: contents of file " + id + " are not valid base-64");
    }
    if (contents.length > maxFileBytes) {
      throw new JobeException(
          413, "put: file " + id + " is larger than " + maxFileBytes + " bytes");
    }
    try {
      files.put(id, contents);
    } catch (RuntimeException e) {
      LOG.error("Jobe file {} could not be stored", id, e);
      throw new JobeException(500, "put: failed to write file " + id + " to cache");
    }
    ctx.status(204);
  }

  private void headFile(Context ctx) {
    keys.caller(ctx);
    String id = fileId(ctx);
    ctx.status(files.exists(id) ? 204 : 404);
  }

  private void postFile(Context ctx) {
    keys.caller(ctx);
    throw new JobeException(403, "file_post: not implemented on this server");
  }

  private void getRun(Context ctx) {
    keys.caller(ctx);
    message(ctx, "runs_get: no such run or run result discarded");
  }

  private void getRunResults(Context ctx) {
    keys.caller(ctx);
    throw new JobeException(
        404, "runresults_get: unimplemented, as all submissions run immediately.");
  }

  private void index(Context ctx) {
    keys.caller(ctx);
    throw new JobeException(
        404, "Please access this API via the runs, runresults, files or languages collections");
  }

  /**
   * The file id in the path: letters and digits, as Jobe's route takes them, else no such route.
   */
  private static String fileId(Context ctx) {
    String id = ctx.pathParam("id");
    if (!RunSpecParser.fileIdAcceptable(id)) {
      throw new JobeException(
          404, "No file with id '" + Echo.clip(id) + "' can exist: ids are letters and digits");
    }
    return id;
  }

  /**
   * Answers {@code text} as a JSON string, as Jobe answers its messages. (Javalin would write a
   * String as it is.)
   */
  private static void message(Context ctx, String text) {
    try {
      ctx.contentType(ContentType.APPLICATION_JSON).result(JSON.writeValueAsString(text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serialises", e);
    }
  }

  private byte[] body(Context ctx) {
    try {
      return ctx.bodyAsBytes();
    } catch (ApiException e) {
      if (e.status() == 413 && ctx.method().name().equals("PUT")) {
        throw new JobeException(
            413, "put: file " + ctx.pathParam("id") + " is larger than " + maxFileBytes + " bytes");
      }
      throw new JobeException(e.status(), e.getMessage());
    }
  }

  private static String withoutWhitespace(String encoded) {
    StringBuilder kept = new StringBuilder(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        kept.append(c);
      }
    }
    return kept.toString();
  }
}
