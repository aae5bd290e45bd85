package dev.verdict.common.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one way Verdict configures Jackson for JSON on the wire and in HTTP bodies. */
public final class Json {
  private Json() {}

  /**
   * A new mapper that ignores unknown fields (newer writers may add some) and omits nulls. Keep it
   * rather than asking again for each value: a mapper builds the serialisers of each type once, by
   * reflection, and a new one builds them again.
   */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .setDefaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
  }
}
