package dev.verdict.worker.language;

import java.util.List;
import java.util.Map;

/**
 * The files of a submission as they are written into the work directory.
 *
 * @param files file name (possibly renamed, e.g. after a Java public class) to content
 * @param sources the names of the source files, in a stable order
 * @param entry the entry point file name
 * @param mainClass the class to run, for Java naming; else the entry name without extension
 */
public record SourceLayout(
    Map<String, byte[]> files, List<String> sources, String entry, String mainClass) {}
