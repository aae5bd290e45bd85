package dev.verdict.common.problem;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.SortedMap;

/** A package source whose files were measured when it was opened; reads them again on demand. */
abstract class MeasuredPackageSource implements PackageSource {
  private final String name;
  private final SortedMap<String, PackageFile> files;

  MeasuredPackageSource(String name, SortedMap<String, PackageFile> files) {
    this.name = name;
    this.files = Collections.unmodifiableSortedMap(files);
  }

  /** Opens a listed file's content again, from the start. */
  abstract InputStream open(String path) throws IOException;

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final SortedMap<String, PackageFile> files() {
    return files;
  }

  @Override
  public final byte[] read(String path) {
    PackageFile file = files.get(path);
    if (file == null) {
      throw ProblemPackageException.inFile(PackagePaths.shown(path), "no such file in the package");
    }
    try (InputStream in = open(path)) {
      return PackageMeter.readAgain(path, in, file.size());
    } catch (IOException e) {
      throw ProblemPackageException.inFile(path, "cannot be read again: " + e.getMessage(), e);
    }
  }
}
