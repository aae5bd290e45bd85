package dev.verdict.common.problem;

/**
 * One file of a problem package, as measured while it was first read.
 *
 * @param path relative to the package's root, '/'-separated, e.g. {@code data/sample/1.in}
 * @param size bytes of the content (inflated, for a zip)
 * @param sha256 the SHA-256 of the content, hex: the id it is stored under
 */
public record PackageFile(String path, long size, String sha256) {}
