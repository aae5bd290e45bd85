package dev.verdict.common.problem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Symbolic links inside a package, resolved the way the format allows them ([L] and 2025-09
 * "General requirements": "symbolic links to other files in the problem package ... must not have
 * targets outside the problem package directory tree"; problemtools' {@code _check_symlinks} also
 * refuses absolute and dangling ones). A link to a file is that file under a second name; a link to
 * a folder shows the folder's files under the link's path (problemtools' {@code oddecho} reuses one
 * group's tests in another this way). Resolution is by the package's own paths, segment by segment
 * as the kernel does, never by the host's file system, so a folder and a zip resolve alike.
 *
 * <p>A link that cannot be resolved (absolute, leaving the package, dangling, or a loop) is refused
 * naming it, unless it lies in a part of the package Verdict never reads ({@link
 * PackagePaths#unread}): DOMjudge's own examples link {@code problem.pdf} to a file outside the
 * package, and such a link is simply left out.
 */
final class PackageLinks {
  /** Links followed while resolving one path, as Linux's {@code MAXSYMLINKS}. */
  static final int MAX_HOPS = 40;

  private final Set<String> files;
  private final Map<String, String> links;

  private PackageLinks(Set<String> files, Map<String, String> links) {
    this.files = files;
    this.links = links;
  }

  /**
   * The paths under which the package's links show files.
   *
   * @param files the package's regular files by path
   * @param links the package's links: raw target by the link's path
   * @param countEntry called once per path a link adds, to hold the package's file cap
   * @return real path (a regular file's) by the path a link shows it under
   * @throws ProblemPackageException naming a link that cannot be resolved where Verdict reads it
   */
  static SortedMap<String, String> resolve(
      Set<String> files, Map<String, String> links, Runnable countEntry) {
    return new PackageLinks(files, links).resolveAll(countEntry);
  }

  private SortedMap<String, String> resolveAll(Runnable countEntry) {
    SortedMap<String, String> aliases = new TreeMap<>();
    Map<String, String> folders = new TreeMap<>();
    for (String link : new TreeMap<>(links).keySet()) {
      try {
        String real = follow(link);
        if (files.contains(real)) {
          countEntry.run();
          aliases.put(link, real);
        } else if (real.isEmpty() || link.startsWith(real + "/")) {
          throw new Unresolvable("leads to a folder holding the link itself (a loop)");
        } else {
          folders.put(link, real);
        }
      } catch (Unresolvable e) {
        refuseUnlessUnread(link, e);
      }
    }
    // why: a linked folder may itself hold links to files; they are known once every link to a
    // file is, so folders are expanded second, over regular files and those links alike.
    SortedMap<String, String> shown = new TreeMap<>(aliases);
    files.forEach(file -> shown.put(file, file));
    for (Map.Entry<String, String> folder : folders.entrySet()) {
      String link = folder.getKey();
      String prefix = folder.getValue() + "/";
      SortedMap<String, String> inside = shown.subMap(prefix, prefix + Character.MAX_VALUE);
      if (inside.isEmpty()) {
        refuseUnlessUnread(link, new Unresolvable("points to nothing in the package"));
        continue;
      }
      for (Map.Entry<String, String> file : inside.entrySet()) {
        String path = link + "/" + file.getKey().substring(prefix.length());
        if (!PackagePaths.ignored(path)) {
          countEntry.run();
          aliases.put(path, file.getValue());
        }
      }
    }
    return aliases;
  }

  private void refuseUnlessUnread(String link, Unresolvable e) {
    if (!PackagePaths.unread(link)) {
      throw ProblemPackageException.inFile(
          link, "symbolic link to '" + PackagePaths.shown(links.get(link)) + "' " + e.why);
    }
  }

  /** The path a link finally leads to, every link along the way replaced by its target. */
  private String follow(String path) throws Unresolvable {
    Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
    List<String> current = new ArrayList<>();
    int hops = 0;
    while (!todo.isEmpty()) {
      String segment = todo.pollFirst();
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (current.isEmpty()) {
          throw new Unresolvable("leaves the package");
        }
        current.removeLast();
        continue;
      }
      current.add(segment);
      String target = links.get(String.join("/", current));
      if (target != null) {
        if (++hops > MAX_HOPS) {
          throw new Unresolvable("goes through more than " + MAX_HOPS + " links (a loop?)");
        }
        if (target.startsWith("/") || target.matches("^[A-Za-z]:.*")) {
          throw new Unresolvable("is absolute: links in a package must be relative");
        }
        current.removeLast();
        List<String> segments = List.of(target.split("/"));
        for (int i = segments.size() - 1; i >= 0; i--) {
          todo.addFirst(segments.get(i));
        }
      }
    }
    return String.join("/", current);
  }

  /** Why a link cannot be resolved. */
  private static final class Unresolvable extends Exception {
    private static final long serialVersionUID = 1L;
    private final String why;

    Unresolvable(String why) {
      super(why, null, false, false);
      this.why = why;
    }
  }
}
