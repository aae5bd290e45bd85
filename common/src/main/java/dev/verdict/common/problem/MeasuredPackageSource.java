package dev.verdict.common.problem;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** A package source whose files were measured when it was opened; reads them again on demand. */
abstract class MeasuredPackageSource implements PackageSource {
  private final String name;
  private final SortedMap<String, PackageFile> files;
  private final Map<String, String> aliases;

  /**
   * @param files the package's regular files
   * @param aliases real path by the path a symbolic link shows it under ({@link PackageLinks}):
   *     each is listed as a file of its own, read from its real path
   */
  MeasuredPackageSource(
      String name, SortedMap<String, PackageFile> files, SortedMap<String, String> aliases) {
    this.name = name;
    SortedMap<String, PackageFile> all = new TreeMap<>(files);
    aliases.forEach(
        (alias, real) -> {
          PackageFile file = files.get(real);
          all.put(alias, new PackageFile(alias, file.size(), file.sha256()));
        });
    this.files = Collections.unmodifiableSortedMap(all);
    this.aliases = Map.copyOf(aliases);
  }

  /** Opens a regular file's content again, from the start. */
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
    try (InputStream in = open(aliases.getOrDefault(path, path))) {
      return PackageMeter.readAgain(path, in, file.size());
    } catch (IOException e) {
      throw ProblemPackageException.inFile(path, "cannot be read again: " + e.getMessage(), e);
    }
  }
}
