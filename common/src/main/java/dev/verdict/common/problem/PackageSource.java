package dev.verdict.common.problem;

import java.util.SortedMap;

/**
 * Where a problem package is read from: a folder on disk or an uploaded zip. Opening a source reads
 * every file once, checking it against the package caps ({@code problems.*}) and measuring it, so a
 * source that opened is safe to read: its paths are plain relative paths, a symbolic link shows the
 * file (or the folder's files) it leads to inside the package ({@link PackageLinks}), no file
 * exceeds the caps, and reading a file costs at most {@code problems.maxFileBytes} of memory.
 * Implementations throw {@link ProblemPackageException}, naming the file and the reason, when a
 * package breaks any of these rules.
 */
public interface PackageSource extends AutoCloseable {

  /**
   * The package's short name, which is the problem id unless the caller names one: the folder's
   * name, or the zip's single top folder; null when the zip has its files at the top.
   */
  String name();

  /**
   * Every file of the package by path, in path order. Folders whose names start with a dot (such as
   * {@code .git}) and a zip's {@code __MACOSX} metadata are left out; files starting with a dot
   * (such as {@code .timelimit}) are kept.
   */
  SortedMap<String, PackageFile> files();

  /**
   * The content of one file listed by {@link #files()}. The caller checks it against the listed
   * SHA-256 where it matters (a folder can change on disk between two reads).
   *
   * @throws ProblemPackageException when the path is not listed or cannot be read
   */
  byte[] read(String path);

  /** Releases what the source holds (an open zip); reading afterwards is not allowed. */
  @Override
  void close();
}
