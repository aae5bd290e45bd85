package dev.verdict.common.config;

/**
 * Problem packages, loaded from {@code api.problemsDir} or uploaded to the API. Key prefix {@code
 * problems.}. The same caps hold for a folder and for a zip, so a package that loads from disk also
 * imports as an upload.
 *
 * @param maxPackageBytes bytes of an uploaded package as sent (the zip), refused with 413 beyond
 * @param maxUncompressedBytes bytes of every file of a package together, counted while inflating
 * @param maxFiles files and folders in a package (zip entries, directory entries included)
 * @param maxFileBytes bytes of one file of a package, counted while inflating
 * @param maxCompressionRatio how many times its compressed size a zip may inflate to, for the whole
 *     package and for each entry, checked once at least {@link #RATIO_GRACE_BYTES} were inflated
 * @param shownTestBytes bytes of a test's input and answer shown by {@code GET
 *     /api/v1/problems/{id}}; longer ones are cut and marked truncated
 * @param defaultMemoryMb the memory limit of a package that sets none ({@code limits.memory}): the
 *     format's "typical system default", 2048 MiB, as DOMjudge uses; at most {@code
 *     limits.max.memoryMb}
 */
public record ProblemsConfig(
    Integer maxPackageBytes,
    Long maxUncompressedBytes,
    Integer maxFiles,
    Integer maxFileBytes,
    Integer maxCompressionRatio,
    Integer shownTestBytes,
    Integer defaultMemoryMb) {

  public static final int DEFAULT_MAX_PACKAGE_BYTES = 64 << 20;
  public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = 512L << 20;
  public static final int DEFAULT_MAX_FILES = 10_000;
  public static final int DEFAULT_MAX_FILE_BYTES = 64 << 20;
  public static final int DEFAULT_MAX_COMPRESSION_RATIO = 200;
  public static final int DEFAULT_SHOWN_TEST_BYTES = 64 << 10;
  public static final int DEFAULT_MEMORY_MB = 2_048;

  /**
   * Inflated bytes (of an entry, or of the whole package) below which the compression ratio is not
   * checked: a small file of one repeated character legitimately compresses a thousandfold.
   */
  public static final long RATIO_GRACE_BYTES = 1 << 20;

  public ProblemsConfig {
    maxPackageBytes =
        Check.intIn(
            "problems.maxPackageBytes", maxPackageBytes, DEFAULT_MAX_PACKAGE_BYTES, 1, 1 << 30);
    maxUncompressedBytes =
        Check.longIn(
            "problems.maxUncompressedBytes",
            maxUncompressedBytes,
            DEFAULT_MAX_UNCOMPRESSED_BYTES,
            1,
            64L << 30);
    maxFiles = Check.intIn("problems.maxFiles", maxFiles, DEFAULT_MAX_FILES, 1, 1_000_000);
    maxFileBytes =
        Check.intIn("problems.maxFileBytes", maxFileBytes, DEFAULT_MAX_FILE_BYTES, 1, 1 << 30);
    maxCompressionRatio =
        Check.intIn(
            "problems.maxCompressionRatio",
            maxCompressionRatio,
            DEFAULT_MAX_COMPRESSION_RATIO,
            1,
            100_000);
    shownTestBytes =
        Check.intIn(
            "problems.shownTestBytes", shownTestBytes, DEFAULT_SHOWN_TEST_BYTES, 0, 16 << 20);
    defaultMemoryMb =
        Check.intIn("problems.defaultMemoryMb", defaultMemoryMb, DEFAULT_MEMORY_MB, 1, 1 << 20);
  }

  public static ProblemsConfig defaults() {
    return new ProblemsConfig(null, null, null, null, null, null, null);
  }
}
