package dev.verdict.common.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.verdict.common.message.Message;
import java.io.IOException;

/** Encodes and decodes {@link Message}s as UTF-8 JSON. Thread-safe. */
public final class MessageCodec {
  private final ObjectReader reader;
  private final ObjectWriter writer;

  public MessageCodec() {
    ObjectMapper mapper = Json.mapper();
    this.reader = mapper.readerFor(Message.class);
    this.writer = mapper.writerFor(Message.class);
  }

  public byte[] encode(Message message) {
    try {
      return writer.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * @throws MessageCodecException when the bytes are not a message of a known type
   */
  public Message decode(byte[] body) {
    try {
      Message message = reader.readValue(body);
      if (message == null) {
        throw new MessageCodecException("empty message", null);
      }
      return message;
    } catch (IOException e) {
      throw new MessageCodecException("unreadable message: " + e.getMessage(), e);
    }
  }

  public <T extends Message> T decode(byte[] body, Class<T> type) {
    Message message = decode(body);
    if (!type.isInstance(message)) {
      throw new MessageCodecException(
          "expected " + type.getSimpleName() + ", got " + message.getClass().getSimpleName(), null);
    }
    return type.cast(message);
  }
}
