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
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** A problem package in a folder on disk (the folder's name is the package's short name). */
public final class FolderPackageSource extends MeasuredPackageSource {
  private final Path root;

  private FolderPackageSource(
      Path root,
      String name,
      SortedMap<String, PackageFile> files,
      SortedMap<String, String> aliases) {
    super(name, files, aliases);
    this.root = root;
  }

  /**
   * Walks the folder, never following a symbolic link while walking, and measures every file; links
   * inside the package are then resolved by {@link PackageLinks}.
   *
   * @throws ProblemPackageException naming the file that breaks a rule of {@link PackageSource}
   */
  public static FolderPackageSource open(Path dir, ProblemsConfig caps) {
    Path root;
    try {
      // why: the folder itself may be a link (a problems directory of links to elsewhere); what
      // is inside it is resolved by the package's own paths.
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new ProblemPackageException("cannot open the package folder " + dir + ": " + e, e);
    }
    PackageMeter meter = new PackageMeter(caps, 0);
    SortedMap<String, PackageFile> files = new TreeMap<>();
    Map<String, String> links = new TreeMap<>();
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
              String path = checked(relative(root, folder));
              return path == null || PackagePaths.ignoredFolder(path)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              meter.countEntry();
              String path = checked(relative(root, file));
              if (path == null) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.isSymbolicLink()) {
                links.put(path, Files.readSymbolicLink(file).toString());
                return FileVisitResult.CONTINUE;
              }
              if (!attrs.isRegularFile()) {
                if (PackagePaths.unread(path)) {
                  return FileVisitResult.CONTINUE;
                }
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
    SortedMap<String, String> aliases =
        PackageLinks.resolve(files.keySet(), links, meter::countEntry);
    return new FolderPackageSource(root, dir.getFileName().toString(), files, aliases);
  }

  /** The path checked, or null when it breaks a rule in a part of the package never read. */
  private static String checked(String path) {
    try {
      return PackagePaths.check(path);
    } catch (ProblemPackageException e) {
      if (PackagePaths.skippable(path)) {
        return null;
      }
      throw e;
    }
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
