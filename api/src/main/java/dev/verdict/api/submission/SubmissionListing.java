package dev.verdict.api.submission;

import dev.verdict.api.access.Caller;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.common.access.Audience;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionQuery;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code GET /api/v1/submissions}: newest first, a page at a time. A submitter sees its own; staff
 * see everyone's and may filter by {@code user}. Everyone may filter by {@code problem}, {@code
 * verdict} and creation time ({@code from} inclusive, {@code to} exclusive, ISO-8601 instants).
 * {@code limit} is 1..100 (default 20); the answer's {@code next}, passed as {@code cursor}, gives
 * the following page. Each item shows only what the reader may see.
 */
final class SubmissionListing {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private final SubmissionStore submissions;
  private final BiFunction<Caller, String, Audience> audiences;

  SubmissionListing(SubmissionStore submissions, BiFunction<Caller, String, Audience> audiences) {
    this.audiences = audiences;
    this.submissions = submissions;
  }

  /** One page of the list. */
  record Page(List<SubmissionView> submissions, String next) {}

  void list(Context ctx, Caller caller) {
    String user = ctx.queryParam("user");
    if (!caller.role().seesEverything()) {
      if (user != null && !user.equals(caller.name())) {
        throw ApiException.forbidden("a submitter lists only its own submissions");
      }
      user = caller.name();
    }
    int limit = limit(ctx.queryParam("limit"));
    SubmissionQuery query =
        new SubmissionQuery(
            user,
            ctx.queryParam("problem"),
            verdict(ctx.queryParam("verdict")),
            instant("from", ctx.queryParam("from")),
            instant("to", ctx.queryParam("to")),
            cursor(ctx.queryParam("cursor")),
            limit);
    List<Submission> found = submissions.list(query);
    List<SubmissionView> views =
        found.stream()
            .map(
                submission ->
                    SubmissionView.of(submission, audiences.apply(caller, submission.problemId())))
            .toList();
    String next = null;
    if (found.size() == limit) {
      Submission last = found.getLast();
      next = encode(new SubmissionQuery.Position(last.createdAt(), last.id()));
    }
    Map<String, Object> page = new HashMap<>();
    page.put("submissions", views);
    page.put("next", next);
    ctx.json(page);
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // why: answered below with the allowed range, like a number out of range.
    }
    throw ApiException.badRequest("limit", "must be a whole number 1.." + MAX_LIMIT);
  }

  private static String verdict(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Verdict.valueOf(value).name();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "verdict",
          "must be one of " + List.of(Verdict.values()) + ", was '" + Echo.clip(value) + "'");
    }
  }

  private static Long instant(String parameter, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiException.badRequest(
          parameter, "must be an ISO-8601 instant such as 2026-01-31T23:59:00Z");
    }
  }

  static String encode(SubmissionQuery.Position position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (position.createdAt() + ":" + position.id()).getBytes(StandardCharsets.UTF_8));
  }

  private static SubmissionQuery.Position cursor(String value) {
    if (value == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      String id = decoded.substring(colon + 1);
      if (colon > 0 && SubmissionIds.looksValid(id)) {
        return new SubmissionQuery.Position(Long.parseLong(decoded.substring(0, colon)), id);
      }
    } catch (IllegalArgumentException e) {
      // why: answered below, like any other cursor this API did not hand out.
    }
    throw ApiException.badRequest("cursor", "must be the next value of an earlier page");
  }
}
