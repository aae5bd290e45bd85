package dev.verdict.common.problem;

import dev.verdict.common.blob.Sha256;
import dev.verdict.common.config.ProblemsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Counts what a package source reads against the caps ({@code problems.*}) while it reads it: the
 * bytes actually produced, never the sizes a zip's headers claim.
 */
final class PackageMeter {
  private static final int BUFFER = 64 * 1024;

  private final ProblemsConfig caps;
  private final long packageBytes;
  private int entries;
  private long total;

  /**
   * @param packageBytes the size of the compressed package the ratio is checked against, or 0 for a
   *     folder, which has no ratio
   */
  PackageMeter(ProblemsConfig caps, long packageBytes) {
    this.caps = caps;
    this.packageBytes = packageBytes;
  }

  /** Counts one file or folder of the package. */
  void countEntry() {
    entries++;
    if (entries > caps.maxFiles()) {
      throw new ProblemPackageException(
          "the package holds more than problems.maxFiles ("
              + caps.maxFiles()
              + ") files and folders");
    }
  }

  /**
   * Reads one file to its end, hashing and counting it.
   *
   * @param compressed the compressed bytes consumed so far for this file, or null when it is not
   *     compressed
   */
  PackageFile measure(String path, InputStream in, LongSupplier compressed) throws IOException {
    MessageDigest sha = Sha256.digest();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      sha.update(buffer, 0, n);
      size += n;
      total += n;
      if (size > caps.maxFileBytes()) {
        throw ProblemPackageException.inFile(
            path, "larger than problems.maxFileBytes (" + caps.maxFileBytes() + " bytes)");
      }
      if (total > caps.maxUncompressedBytes()) {
        throw new ProblemPackageException(
            "the package's files add up to more than problems.maxUncompressedBytes ("
                + caps.maxUncompressedBytes()
                + " bytes); refused at "
                + PackagePaths.shown(path));
      }
      if (compressed != null) {
        checkRatio(path, size, compressed.getAsLong());
      }
    }
    return new PackageFile(path, size, HexFormat.of().formatHex(sha.digest()));
  }

  private void checkRatio(String path, long entryBytes, long entryCompressed) {
    long ratio = caps.maxCompressionRatio();
    if (entryBytes > ProblemsConfig.RATIO_GRACE_BYTES
        && entryBytes > ratio * Math.max(1, entryCompressed)) {
      throw ProblemPackageException.inFile(
          path,
          "inflates to more than problems.maxCompressionRatio ("
              + ratio
              + ") times its compressed size");
    }
    if (total > ProblemsConfig.RATIO_GRACE_BYTES && total > ratio * packageBytes) {
      throw new ProblemPackageException(
          "the package inflates to more than problems.maxCompressionRatio ("
              + ratio
              + ") times its own size; refused at "
              + PackagePaths.shown(path));
    }
  }

  /**
   * Reads a file measured before again, expecting the same size.
   *
   * @throws ProblemPackageException when the content is not the size it was (it changed on disk)
   */
  static byte[] readAgain(String path, InputStream in, long expectedSize) throws IOException {
    byte[] content = in.readNBytes((int) expectedSize);
    if (content.length != expectedSize || in.read() >= 0) {
      throw ProblemPackageException.inFile(path, "changed while the package was being read");
    }
    return content;
  }
}
