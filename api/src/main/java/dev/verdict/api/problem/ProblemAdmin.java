package dev.verdict.api.problem;

import dev.verdict.api.http.ApiException;
import dev.verdict.common.config.ProblemsConfig;
import dev.verdict.common.problem.PackageSource;
import dev.verdict.common.problem.ProblemPackageException;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemRecord;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.problem.ZipPackageSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates problems from uploaded packages, uploads new versions, and hides problems. Every upload
 * goes through the same loader as the packages read at start-up; a package it refuses is answered
 * 400 naming the file and the reason, with nothing of it stored.
 */
final class ProblemAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemAdmin.class);

  private final ProblemPackageLoader loader;
  private final ProblemStore store;
  private final CurrentProblems current;
  private final ProblemsConfig caps;

  ProblemAdmin(
      ProblemPackageLoader loader,
      ProblemStore store,
      CurrentProblems current,
      ProblemsConfig caps) {
    this.loader = loader;
    this.store = store;
    this.current = current;
    this.caps = caps;
  }

  /**
   * A new problem from a package; its id is {@code requestedId}, or else the zip's top folder.
   *
   * @throws ApiException 400 for a package or id that cannot be used, 409 when the id is taken
   */
  ProblemVersion create(byte[] zip, String requestedId) {
    try (PackageSource source = open(zip)) {
      String id = requestedId != null ? requestedId : source.name();
      if (id == null) {
        throw ApiException.badRequest(
            "id", "is needed: the package's files are not in one top folder naming the problem");
      }
      if (!ProblemPackageLoader.isProblemId(id)) {
        throw ApiException.badRequest(
            "id",
            "must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit");
      }
      if (store.find(id).isPresent()) {
        throw exists(id);
      }
      ProblemVersion version = storeFiles(source, id);
      if (!store.create(version, System.currentTimeMillis())) {
        throw exists(id);
      }
      current.forget(id);
      LOG.info("Problem(id={}) created at version {}", id, version.version());
      return version;
    }
  }

  /**
   * A new version of a problem, which becomes current; a hidden problem is shown again.
   *
   * @throws ApiException 404 for an unknown problem, 400 for a package that cannot be used
   */
  ProblemVersion update(String id, byte[] zip) {
    ProblemRecord existing = find(id);
    try (PackageSource source = open(zip)) {
      ProblemVersion version = storeFiles(source, id);
      store.save(version, System.currentTimeMillis());
      if (existing.hidden()) {
        store.show(id);
      }
      current.forget(id);
      LOG.info("Problem(id={}) now at version {}", id, version.version());
      return version;
    }
  }

  /**
   * Hides a problem from new submissions and from lists; its versions stay for the submissions
   * graded against them.
   *
   * @throws ApiException 404 for an unknown problem
   */
  void hide(String id) {
    if (wellFormed(id).isEmpty() || !store.hide(id, System.currentTimeMillis())) {
      throw noSuchProblem(id);
    }
    current.forget(id);
    LOG.info("Problem(id={}) hidden", id);
  }

  /**
   * Turns on or off telling submitters the name of the first secret test they failed.
   *
   * @throws ApiException 404 for an unknown problem
   */
  void revealFirstFailingTest(String id, boolean reveal) {
    if (wellFormed(id).isEmpty() || !store.revealFirstFailingTest(id, reveal)) {
      throw noSuchProblem(id);
    }
    current.forget(id);
    LOG.info("Problem(id={}) reveals the first failing secret test: {}", id, reveal);
  }

  /**
   * A problem, hidden or not, with every version it had.
   *
   * @throws ApiException 404 for an unknown problem
   */
  ProblemRecord find(String id) {
    return wellFormed(id).flatMap(store::find).orElseThrow(() -> noSuchProblem(id));
  }

  /** The id, if it is one a problem could have. */
  static Optional<String> wellFormed(String id) {
    return ProblemPackageLoader.isProblemId(id) ? Optional.of(id) : Optional.empty();
  }

  /** 404 for a problem that does not exist; an id no problem could have is not echoed. */
  static ApiException noSuchProblem(String id) {
    return ApiException.notFound(
        "id",
        ProblemPackageLoader.isProblemId(id)
            ? "problem '" + id + "' does not exist"
            : "no such problem");
  }

  private ZipPackageSource open(byte[] zip) {
    try {
      return ZipPackageSource.open(zip, caps);
    } catch (ProblemPackageException e) {
      throw refused(e);
    }
  }

  private ProblemVersion storeFiles(PackageSource source, String id) {
    try {
      return loader.storeFiles(source, id);
    } catch (ProblemPackageException e) {
      throw refused(e);
    }
  }

  private static ApiException refused(ProblemPackageException e) {
    return new ApiException(400, "package refused: " + e.getMessage(), PackageUpload.FIELD);
  }

  private static ApiException exists(String id) {
    return new ApiException(
        409,
        "problem '" + id + "' exists; PUT /api/v1/problems/" + id + " uploads a new version",
        "id");
  }
}
