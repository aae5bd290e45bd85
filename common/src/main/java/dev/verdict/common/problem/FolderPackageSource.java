package dev.verdict.common.problem;

import dev.verdict.common.config.ProblemsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SortedMap;
import java.util.TreeMap;

/** A problem package in a folder on disk (the folder's name is the package's short name). */
public final class FolderPackageSource extends MeasuredPackageSource {
  private final Path root;

  private FolderPackageSource(Path root, String name, SortedMap<String, PackageFile> files) {
    super(name, files);
    this.root = root;
  }

  /**
   * Walks the folder, never following a symbolic link inside it, and measures every file.
   *
   * @throws ProblemPackageException naming the file that breaks a rule of {@link PackageSource}
   */
  public static FolderPackageSource open(Path dir, ProblemsConfig caps) {
    Path root;
    try {
      // why: the folder itself may be a link (a problems directory of links to elsewhere); what
      // is inside it may not.
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new ProblemPackageException("cannot open the package folder " + dir + ": " + e, e);
    }
    PackageMeter meter = new PackageMeter(caps, 0);
    SortedMap<String, PackageFile> files = new TreeMap<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
              if (folder.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              meter.countEntry();
              String path = PackagePaths.check(relative(root, folder));
              return PackagePaths.ignoredFolder(path)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              meter.countEntry();
              String path = PackagePaths.check(relative(root, file));
              if (attrs.isSymbolicLink()) {
                throw ProblemPackageException.inFile(
                    path, "symbolic links are not allowed in a package");
              }
              if (!attrs.isRegularFile()) {
                throw ProblemPackageException.inFile(path, "not a regular file");
              }
              try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                files.put(path, meter.measure(path, in, null));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new ProblemPackageException("cannot read the package folder " + dir + ": " + e, e);
    }
    return new FolderPackageSource(root, dir.getFileName().toString(), files);
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString();
  }

  @Override
  InputStream open(String path) throws IOException {
    return Files.newInputStream(root.resolve(path), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void close() {}
}
