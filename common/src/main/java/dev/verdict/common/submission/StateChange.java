package dev.verdict.common.submission;

/**
 * One entry of a submission's history: it entered {@code state} at epoch millisecond {@code at}.
 */
public record StateChange(SubmissionState state, long at) {}
