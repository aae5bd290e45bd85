package dev.verdict.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error answer. {@code field} is null when no single field is to blame. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorBody(String error, String field) {}
