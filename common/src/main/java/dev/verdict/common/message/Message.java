package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything that travels through RabbitMQ. Each message names its {@code type} and its schema
 * version {@code v}; readers ignore fields they do not know and reject types they do not know.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SubmissionQueued.class, name = SubmissionQueued.TYPE),
  @JsonSubTypes.Type(value = GradingTask.class, name = GradingTask.TYPE),
  @JsonSubTypes.Type(value = TaskFinished.class, name = TaskFinished.TYPE),
})
public sealed interface Message permits SubmissionQueued, GradingTask, TaskFinished {

  /** The schema version of this message. */
  int v();

  /** The submission this message is about. */
  String submissionId();
}
