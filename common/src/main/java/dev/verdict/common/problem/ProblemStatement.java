package dev.verdict.common.problem;

/**
 * A problem's statement, from {@code problem_statement/problem.en.md} or {@code
 * statement/problem.en.md}, and the HTML rendering the package may bring beside it ({@code
 * problem.en.html}). Both are stored as blobs.
 *
 * @param markdownSha256 the Markdown text's blob
 * @param htmlSha256 the HTML rendering's blob, or null when the package has none
 */
public record ProblemStatement(String markdownSha256, String htmlSha256) {}
