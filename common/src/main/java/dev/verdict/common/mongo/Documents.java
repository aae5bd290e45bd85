package dev.verdict.common.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.codec.Json;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Converts the small nested records stored inside MongoDB documents (limits, test results) through
 * their JSON form, so the stored shape is exactly the API's and the wire's.
 */
public final class Documents {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private Documents() {}

  public static Document toDocument(Object value) {
    try {
      return Document.parse(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot convert " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T fromDocument(Document document, Class<T> type) {
    try {
      return MAPPER.readValue(document.toJson(RELAXED), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
    }
  }
}
