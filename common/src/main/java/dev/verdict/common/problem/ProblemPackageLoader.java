package dev.verdict.common.problem;

import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.config.ProblemsConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.problem.PackageReader.ReadPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads problem packages in the ICPC/Kattis layout (see {@link PackageReader}) from any {@link
 * PackageSource}: a folder at start-up and an uploaded zip go through the same reading, checks and
 * storing. A package is read and checked whole before anything of it is stored, so a refused one
 * leaves no blob and no problem document behind. Loading the same content twice yields the same
 * version and stores nothing new.
 */
public final class ProblemPackageLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemPackageLoader.class);
  private static final String ID_PATTERN = "[a-z0-9][a-z0-9_-]{0,63}";

  private final BlobStore blobs;
  private final ProblemStore problems;
  private final ProblemsConfig caps;
  private final ResourceLimits maxima;

  /**
   * @param limits this deployment's limits: a package asking more than {@code limits.max} allows is
   *     refused
   */
  public ProblemPackageLoader(
      BlobStore blobs, ProblemStore problems, ProblemsConfig caps, LimitsConfig limits) {
    this.blobs = blobs;
    this.problems = problems;
    this.caps = caps;
    this.maxima = limits.maxima();
  }

  public ProblemPackageLoader(BlobStore blobs, ProblemStore problems, ProblemsConfig caps) {
    this(blobs, problems, caps, LimitsConfig.defaults());
  }

  public ProblemPackageLoader(BlobStore blobs, ProblemStore problems) {
    this(blobs, problems, ProblemsConfig.defaults());
  }

  /** Whether a problem id is well formed: lower-case letters, digits, '_' and '-', up to 64. */
  public static boolean isProblemId(String id) {
    return id != null && id.matches(ID_PATTERN);
  }

  /**
   * Loads every problem folder (one with a problem.yaml) directly under {@code root}, in id order.
   * A package that cannot be used is skipped, logged in one line naming it and the reason, and
   * reported; the others load. A failure of the stores is not a package's fault and is thrown.
   */
  public LoadReport loadAll(Path root) {
    List<ProblemVersion> loaded = new ArrayList<>();
    List<LoadReport.Skipped> skipped = new ArrayList<>();
    List<Path> folders;
    try (Stream<Path> children = Files.list(root)) {
      folders =
          children
              .filter(dir -> Files.isRegularFile(dir.resolve(ProblemYaml.FILE)))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ProblemPackageException("cannot list problems in " + root + ": " + e, e);
    }
    for (Path dir : folders) {
      try {
        loaded.add(load(dir));
      } catch (ProblemPackageException e) {
        String folder = dir.getFileName().toString();
        LOG.warn("Problem(id={}) skipped: {} (package {})", folder, e.getMessage(), dir);
        skipped.add(new LoadReport.Skipped(folder, e.getMessage()));
      }
    }
    return new LoadReport(loaded, skipped);
  }

  /**
   * Loads one problem folder (its name is the problem id): stores its files and makes the version
   * the problem's current one.
   *
   * @throws ProblemPackageException when the folder is not a usable problem package
   */
  public ProblemVersion load(Path dir) {
    try (PackageSource source = FolderPackageSource.open(dir, caps)) {
      ProblemVersion version = storeFiles(source, source.name());
      problems.save(version, System.currentTimeMillis());
      return version;
    }
  }

  /**
   * Reads and checks a package, then stores the files its version names; the problem documents are
   * the caller's to write (a new problem, or a new version of one).
   *
   * @throws ProblemPackageException when the package cannot be used; nothing was stored then
   */
  public ProblemVersion storeFiles(PackageSource source, String id) {
    ReadPackage read = read(source, id, caps, maxima);
    for (Map.Entry<String, String> file : read.blobs().entrySet()) {
      if (!blobs.exists(file.getKey())) {
        blobs.put(verified(source, file.getValue(), file.getKey()));
      }
    }
    return read.version();
  }

  /**
   * Reads one problem folder (its name is the problem id) without any store: every file a test, the
   * validator or the statement needs is handed to {@code store}, which keeps it and returns its id,
   * the SHA-256 of the content (as {@link BlobStore#put} does).
   *
   * @throws ProblemPackageException when the folder is not a usable problem package
   */
  public static ProblemVersion read(Path dir, Function<byte[], String> store) {
    try (PackageSource source = FolderPackageSource.open(dir, ProblemsConfig.defaults())) {
      ReadPackage read =
          read(source, source.name(), ProblemsConfig.defaults(), LimitsConfig.defaults().maxima());
      for (Map.Entry<String, String> file : read.blobs().entrySet()) {
        String id = store.apply(verified(source, file.getValue(), file.getKey()));
        if (!id.equals(file.getKey())) {
          throw new IllegalStateException(
              "the store kept " + file.getValue() + " as " + id + ", not its SHA-256");
        }
      }
      return read.version();
    }
  }

  private static ReadPackage read(
      PackageSource source, String id, ProblemsConfig caps, ResourceLimits maxima) {
    if (!isProblemId(id)) {
      throw new ProblemPackageException(
          "problem id '"
              + PackagePaths.shown(String.valueOf(id))
              + "' must match "
              + ID_PATTERN
              + " (the package's folder name is the id unless one is given)");
    }
    return PackageReader.read(source, id, caps, maxima);
  }

  private static byte[] verified(PackageSource source, String path, String sha256) {
    byte[] content = source.read(path);
    if (!Sha256.hex(content).equals(sha256)) {
      throw ProblemPackageException.inFile(path, "changed while the package was being read");
    }
    return content;
  }
}
