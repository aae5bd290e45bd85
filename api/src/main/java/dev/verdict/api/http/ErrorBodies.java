package dev.verdict.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.verdict.common.codec.Json;

/** {@link ErrorBody} as JSON text, for the places that write answers outside Javalin. */
final class ErrorBodies {
  private ErrorBodies() {}

  static String json(ErrorBody body) {
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body is always serialisable", e);
    }
  }
}
