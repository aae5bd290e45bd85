package dev.verdict.common.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Writes a score as a whole number when it is one ({@code 6}, not {@code 6.0}), so that results of
 * problems whose scores are counts of tests read as before scores could be fractions.
 */
public final class WholeNumbers extends StdSerializer<Double> {
  private static final long serialVersionUID = 1L;

  public WholeNumbers() {
    super(Double.class);
  }

  @Override
  public void serialize(Double value, JsonGenerator out, SerializerProvider provider)
      throws IOException {
    Number shown = shown(value);
    if (shown instanceof Long whole) {
      out.writeNumber(whole);
    } else {
      out.writeNumber(value);
    }
  }

  /** {@code value} as a Long when it is a whole number that fits, else itself. */
  public static Number shown(Double value) {
    if (value == null) {
      return null;
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return value.longValue();
    }
    return value;
  }
}
