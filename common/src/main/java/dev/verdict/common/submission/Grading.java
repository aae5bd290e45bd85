package dev.verdict.common.submission;

import dev.verdict.common.message.GradingOutcome;

/**
 * One finished grading of a submission that was graded again since: kept, oldest first, in {@link
 * Submission#gradings}, so a rejudge never loses a result.
 *
 * @param number 1 for the grading the submission was accepted with, then one more per rejudge
 * @param problemVersion the problem version it was graded against
 * @param rejudge the rejudge that started it, or null for the first grading
 * @param queuedAt when it was queued (epoch milliseconds)
 * @param finishedAt when its result was recorded (epoch milliseconds)
 * @param result its outcome
 */
public record Grading(
    int number,
    String problemVersion,
    String rejudge,
    long queuedAt,
    long finishedAt,
    GradingOutcome result) {}
