package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * The result of one test group of a scoring problem.
 *
 * @param name the group's path below {@code data/}, {@code data} for the root
 * @param verdict its verdict, or null when it was not judged (cut off by {@code on_reject: break})
 * @param score its score as its rules computed it, or null when not judged
 * @param maxScore its highest possible score, or null when the package gives none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupResult(
    String name,
    Verdict verdict,
    @JsonSerialize(using = WholeNumbers.class) Double score,
    @JsonSerialize(using = WholeNumbers.class) Double maxScore) {}
