package dev.verdict.common.problem;

/**
 * A sample's {@code .interaction} file: the text a statement shows of an interactive or multi-pass
 * sample (lines starting with {@code >} from the submission, {@code <} to it, {@code ---} between
 * passes). Shown to submitters, never judged.
 *
 * @param name the sample's name below {@code data/}, e.g. {@code sample/1}
 * @param sha256 the file's blob
 */
public record SampleInteraction(String name, String sha256) {}
