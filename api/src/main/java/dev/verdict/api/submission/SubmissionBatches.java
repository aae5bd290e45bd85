package dev.verdict.api.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.access.Access;
import dev.verdict.api.access.Caller;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.RateLimitedException;
import dev.verdict.api.http.RequestBodies;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.api.http.StrictJson;
import dev.verdict.common.access.Role;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/submissions/batch}: up to {@code api.maxBatchSubmissions} submissions in one
 * request, {@code {"submissions": [...]}}, each item what {@code POST /api/v1/submissions} takes.
 * Each item is accepted or refused on its own (atomic per item, not per batch): a refused one
 * stores nothing and never stops the others. The answer lists, in order, each item's id or its
 * error, with the field path from the batch's root ({@code submissions[3].tests[0].input}).
 */
final class SubmissionBatches {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionBatches.class);
  private static final String FIELD = "submissions";

  private final StrictJson json;
  private final SubmissionRequestParser parser;
  private final SubmissionService service;
  private final int maxItems;

  SubmissionBatches(
      ObjectMapper mapper,
      SubmissionRequestParser parser,
      SubmissionService service,
      int maxItems) {
    this.json = new StrictJson(mapper);
    this.parser = parser;
    this.service = service;
    this.maxItems = maxItems;
  }

  /**
   * One item's outcome: {@code id} and {@code status} QUEUED when accepted; else {@code
   * httpStatus}, {@code error}, {@code field} as the single POST would have answered, and {@code
   * retryAfterSeconds} for a 429 or 503.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Item(
      String id,
      String status,
      Integer httpStatus,
      String error,
      String field,
      Long retryAfterSeconds) {

    static Item accepted(String id) {
      return new Item(id, "QUEUED", null, null, null, null);
    }

    static Item refused(ApiException e, String prefix) {
      Long retryAfter =
          switch (e) {
            case RateLimitedException limited -> limited.retryAfterSeconds();
            case ServiceUnavailableException unavailable -> (long) unavailable.retryAfterSeconds();
            default -> null;
          };
      String field = e.field() == null ? null : prefix + "." + e.field();
      String error =
          e.field() == null && e.status() == 400 ? prefix + " " + e.getMessage() : e.getMessage();
      return new Item(
          null,
          null,
          e.status(),
          error,
          e.status() == 400 && field == null ? prefix : field,
          retryAfter);
    }
  }

  /** The whole answer: each item in order, and how many were accepted and refused. */
  record Answer(List<Item> submissions, int accepted, int refused) {}

  void create(Context ctx) {
    Caller caller = Access.require(ctx, Role.SUBMITTER);
    if (ctx.header(SubmissionRoutes.IDEMPOTENCY_KEY) != null) {
      throw ApiException.badRequest(
          SubmissionRoutes.IDEMPOTENCY_KEY,
          "is taken by POST /api/v1/submissions only; a batch's items are accepted one by one");
    }
    JsonNode root = json.readObject(RequestBodies.json(ctx));
    StrictJson.onlyFields(root, "", Set.of(FIELD));
    JsonNode items = root.get(FIELD);
    if (items == null || items.isNull()) {
      throw ApiException.badRequest(FIELD, "is required");
    }
    if (!items.isArray()) {
      throw ApiException.badRequest(FIELD, "must be an array of submissions");
    }
    if (items.isEmpty() || items.size() > maxItems) {
      throw ApiException.badRequest(
          FIELD,
          "must hold 1.."
              + maxItems
              + " submissions (api.maxBatchSubmissions), holds "
              + items.size());
    }
    List<Item> answers = new ArrayList<>(items.size());
    int accepted = 0;
    for (int i = 0; i < items.size(); i++) {
      String prefix = FIELD + "[" + i + "]";
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        answers.add(
            Item.refused(ApiException.badRequest(null, "must be a submission object"), prefix));
        continue;
      }
      try {
        answers.add(
            Item.accepted(
                service
                    .submit(service.withDefaults(parser.parse(item), caller), caller, true)
                    .id()));
        accepted++;
      } catch (ApiException e) {
        answers.add(Item.refused(e, prefix));
      } catch (RuntimeException e) {
        // why: one item's fault must not cost the others their answers.
        LOG.error("batch item {} failed", i, e);
        answers.add(Item.refused(new ApiException(500, "internal error", null), prefix));
      }
    }
    ctx.status(200).json(new Answer(answers, accepted, answers.size() - accepted));
  }
}
