package dev.verdict.common.problem;

import dev.verdict.common.config.ProblemsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * A problem package uploaded as a zip, held in memory. Its files are either under one top folder
 * (whose name is the package's short name) or at the top of the archive.
 *
 * <p>Opening it reads the central directory and inflates every entry once, refusing before anything
 * else: more entries than {@code problems.maxFiles}; names that are not UTF-8, absolute, climb out
 * with {@code ..} or appear twice; special files; symbolic links that {@link PackageLinks} cannot
 * resolve inside the package; encrypted entries and compression methods other than stored and
 * deflated; and, counted on the bytes the inflater actually produces, a file over {@code
 * problems.maxFileBytes}, a package over {@code problems.maxUncompressedBytes}, or an entry or
 * package inflating beyond {@code problems.maxCompressionRatio}.
 */
public final class ZipPackageSource extends MeasuredPackageSource {
  private static final int UNIX_FILE_TYPE = 0170000;
  private static final int UNIX_REGULAR = 0100000;
  private static final int UNIX_DIRECTORY = 0040000;
  private static final int MAX_LINK_TARGET = 4096;

  private final ZipFile zip;
  private final Map<String, ZipArchiveEntry> entries;

  private ZipPackageSource(
      ZipFile zip,
      String name,
      Map<String, ZipArchiveEntry> entries,
      SortedMap<String, PackageFile> files,
      SortedMap<String, String> aliases) {
    super(name, files, aliases);
    this.zip = zip;
    this.entries = entries;
  }

  /**
   * @throws ProblemPackageException naming the entry that breaks a rule, or saying the bytes are no
   *     zip
   */
  public static ZipPackageSource open(byte[] content, ProblemsConfig caps) {
    if (content.length > caps.maxPackageBytes()) {
      throw new ProblemPackageException(
          "the package is larger than problems.maxPackageBytes ("
              + caps.maxPackageBytes()
              + " bytes)");
    }
    ZipFile zip;
    try {
      zip =
          ZipFile.builder()
              .setSeekableByteChannel(new SeekableInMemoryByteChannel(content))
              .setUseUnicodeExtraFields(false)
              .get();
    } catch (IOException | RuntimeException e) {
      throw new ProblemPackageException(
          "the package is not a readable zip archive: " + e.getMessage(), e);
    }
    try {
      return read(zip, new PackageMeter(caps, content.length));
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  private static ZipPackageSource read(ZipFile zip, PackageMeter meter) {
    Map<String, ZipArchiveEntry> byPath = new TreeMap<>();
    Map<String, String> linksByPath = new TreeMap<>();
    Map<String, ProblemPackageException> badNames = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    Enumeration<ZipArchiveEntry> all = zip.getEntries();
    for (int index = 0; all.hasMoreElements(); index++) {
      ZipArchiveEntry entry = all.nextElement();
      meter.countEntry();
      String raw = PackagePaths.utf8(entry.getRawName(), index);
      String path;
      try {
        path = PackagePaths.check(raw);
      } catch (ProblemPackageException e) {
        // why: whether a bad name lies in a part never read is known only once the top folder is.
        badNames.put(raw, e);
        continue;
      }
      if (!seen.add(path)) {
        throw ProblemPackageException.inFile(path, "appears twice in the package");
      }
      checkKind(entry, path);
      if (PackagePaths.ignored(path) || entry.isDirectory()) {
        continue;
      }
      if (entry.isUnixSymlink()) {
        linksByPath.put(path, linkTarget(zip, entry, path));
      } else {
        checkReadable(zip, entry, path);
        byPath.put(path, entry);
      }
    }
    for (String path : byPath.keySet()) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        if (byPath.containsKey(path.substring(0, slash))) {
          throw ProblemPackageException.inFile(
              path.substring(0, slash), "is both a file and a folder in the package");
        }
      }
    }
    Set<String> named = new TreeSet<>(byPath.keySet());
    named.addAll(linksByPath.keySet());
    named.addAll(badNames.keySet());
    String top = topFolder(named);
    String prefix = top == null ? "" : top + "/";
    for (Map.Entry<String, ProblemPackageException> bad : badNames.entrySet()) {
      String raw = bad.getKey();
      if (!PackagePaths.skippable(raw)
          || !raw.startsWith(prefix)
          || !PackagePaths.skippable(raw.substring(prefix.length()))) {
        throw bad.getValue();
      }
    }
    Map<String, ZipArchiveEntry> entries = new TreeMap<>();
    SortedMap<String, PackageFile> files = new TreeMap<>();
    for (Map.Entry<String, ZipArchiveEntry> e : byPath.entrySet()) {
      String path = e.getKey().substring(prefix.length());
      entries.put(path, e.getValue());
      files.put(path, measure(zip, e.getValue(), path, meter));
    }
    Map<String, String> links = new TreeMap<>();
    linksByPath.forEach((path, target) -> links.put(path.substring(prefix.length()), target));
    SortedMap<String, String> aliases =
        PackageLinks.resolve(files.keySet(), links, meter::countEntry);
    return new ZipPackageSource(zip, top, entries, files, aliases);
  }

  /** A symbolic link entry's target: its content, a short UTF-8 path. */
  private static String linkTarget(ZipFile zip, ZipArchiveEntry entry, String path) {
    checkReadable(zip, entry, path);
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] target = in.readNBytes(MAX_LINK_TARGET + 1);
      if (target.length > MAX_LINK_TARGET) {
        throw ProblemPackageException.inFile(
            path, "symbolic link target longer than " + MAX_LINK_TARGET + " bytes");
      }
      return Utf8.decode(path, target);
    } catch (IOException e) {
      throw ProblemPackageException.inFile(path, "cannot be inflated: " + e.getMessage(), e);
    }
  }

  private static void checkKind(ZipArchiveEntry entry, String path) {
    if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && !entry.isUnixSymlink()) {
      int type = entry.getUnixMode() & UNIX_FILE_TYPE;
      if (type != 0 && type != UNIX_REGULAR && type != UNIX_DIRECTORY) {
        throw ProblemPackageException.inFile(
            path,
            "not a regular file (zip entry of Unix file type 0"
                + Integer.toOctalString(type)
                + ")");
      }
    }
  }

  private static void checkReadable(ZipFile zip, ZipArchiveEntry entry, String path) {
    if (entry.getGeneralPurposeBit().usesEncryption()) {
      throw ProblemPackageException.inFile(path, "encrypted entries are not supported");
    }
    if (entry.getMethod() != ZipArchiveEntry.STORED
        && entry.getMethod() != ZipArchiveEntry.DEFLATED) {
      throw ProblemPackageException.inFile(
          path,
          "compression method " + entry.getMethod() + " is not supported (stored or deflated)");
    }
    if (!zip.canReadEntryData(entry)) {
      throw ProblemPackageException.inFile(path, "this entry's data cannot be read");
    }
  }

  /** The one folder every file is in, or null when files are at the top or in several folders. */
  private static String topFolder(Set<String> paths) {
    String top = null;
    for (String path : paths) {
      int slash = path.indexOf('/');
      if (slash < 0) {
        return null;
      }
      String first = path.substring(0, slash);
      if (top != null && !top.equals(first)) {
        return null;
      }
      top = first;
    }
    return top;
  }

  private static PackageFile measure(
      ZipFile zip, ZipArchiveEntry entry, String path, PackageMeter meter) {
    try (InputStream in = zip.getInputStream(entry)) {
      LongSupplier compressed =
          in instanceof InputStreamStatistics stats ? stats::getCompressedCount : null;
      return meter.measure(path, in, compressed);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProblemPackageException refused) {
        throw refused;
      }
      throw ProblemPackageException.inFile(path, "cannot be inflated: " + e.getMessage(), e);
    }
  }

  @Override
  InputStream open(String path) throws IOException {
    return zip.getInputStream(entries.get(path));
  }

  @Override
  public void close() {
    closeQuietly(zip);
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException e) {
      // why: the archive lives in memory; closing it releases nothing that could fail to close.
    }
  }
}
