package dev.verdict.worker.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process's cgroups are: read from /proc/self/mountinfo (mount points and their roots)
 * and /proc/self/cgroup (this process's path in each hierarchy).
 *
 * @param controllerDirs for cgroup v1: controller name to this process's own cgroup directory
 * @param unifiedDir for cgroup v2: this process's own cgroup directory, or null
 * @param unified whether /sys/fs/cgroup is a pure cgroup v2 mount
 */
record CgroupMounts(Map<String, Path> controllerDirs, Path unifiedDir, boolean unified) {

  static CgroupMounts read(Path mountinfo, Path selfCgroup) {
    try {
      return parse(Files.readAllLines(mountinfo), Files.readAllLines(selfCgroup));
    } catch (IOException e) {
      throw new CgroupException("cannot read " + mountinfo + " or " + selfCgroup, false, e);
    }
  }

  static CgroupMounts parse(List<String> mountinfo, List<String> selfCgroup) {
    Map<String, String> ownPaths = new HashMap<>();
    String unifiedPath = null;
    for (String line : selfCgroup) {
      String[] parts = line.split(":", 3);
      if (parts.length != 3) {
        continue;
      }
      if (parts[1].isEmpty()) {
        unifiedPath = parts[2];
      } else {
        for (String controller : parts[1].split(",")) {
          ownPaths.put(controller, parts[2]);
        }
      }
    }
    Map<String, Path> dirs = new HashMap<>();
    Path unifiedDir = null;
    boolean unified = false;
    for (String line : mountinfo) {
      String[] halves = line.split(" - ", 2);
      if (halves.length != 2) {
        continue;
      }
      String[] left = halves[0].split(" ");
      String[] right = halves[1].split(" ");
      if (left.length < 5 || right.length < 3) {
        continue;
      }
      String root = unescape(left[3]);
      Path mountPoint = Path.of(unescape(left[4]));
      String fsType = right[0];
      if (fsType.equals("cgroup2")) {
        if (unifiedPath != null) {
          unifiedDir = under(mountPoint, root, unifiedPath);
        }
        if (mountPoint.equals(Path.of("/sys/fs/cgroup"))) {
          unified = true;
        }
      } else if (fsType.equals("cgroup")) {
        for (String option : right[2].split(",")) {
          String own = ownPaths.get(option);
          if (own != null) {
            dirs.put(option, under(mountPoint, root, own));
          }
        }
      }
    }
    return new CgroupMounts(Map.copyOf(dirs), unifiedDir, unified);
  }

  Optional<Path> controller(String name) {
    return Optional.ofNullable(controllerDirs.get(name));
  }

  /** The directory of {@code own} (a path in the hierarchy) under a mount of {@code root}. */
  private static Path under(Path mountPoint, String root, String own) {
    String relative = own;
    if (!root.equals("/") && own.startsWith(root)) {
      relative = own.substring(root.length());
    }
    relative = relative.replaceFirst("^/+", "");
    return relative.isEmpty() ? mountPoint : mountPoint.resolve(relative);
  }

  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
  }
}
