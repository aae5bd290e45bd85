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
 * @param unified whether to use cgroup v2: /sys/fs/cgroup is a cgroup2 mount, or none of the v1
 *     controllers Verdict needs is mounted but a cgroup2 hierarchy is
 */
record CgroupMounts(Map<String, Path> controllerDirs, Path unifiedDir, boolean unified) {
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

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
      if (parts[0].equals("0") && parts[1].isEmpty()) {
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
      if (fsType.equals("cgroup2") && unifiedPath != null) {
        Optional<Path> dir = under(mountPoint, root, unifiedPath);
        // why: the same hierarchy can be mounted twice (e.g. /sys/fs/cgroup/unified and a copy);
        // the one at /sys/fs/cgroup, if any, is the one the system uses.
        if (dir.isPresent() && (unifiedDir == null || mountPoint.equals(CGROUP_ROOT))) {
          unifiedDir = dir.get();
        }
        unified |= mountPoint.equals(CGROUP_ROOT);
      } else if (fsType.equals("cgroup")) {
        for (String option : right[2].split(",")) {
          String own = ownPaths.get(option);
          if (own != null) {
            under(mountPoint, root, own).ifPresent(dir -> dirs.put(option, dir));
          }
        }
      }
    }
    // why: with none of the v1 controllers Verdict needs mounted, a cgroup2 hierarchy is the only
    // place they can be, wherever it is mounted (systemd's hybrid mode with every controller on v2,
    // containers that mount cgroup2 elsewhere than /sys/fs/cgroup).
    unified |= unifiedDir != null && CgroupV1.REQUIRED.stream().noneMatch(dirs::containsKey);
    return new CgroupMounts(Map.copyOf(dirs), unifiedDir, unified);
  }

  Optional<Path> controller(String name) {
    return Optional.ofNullable(controllerDirs.get(name));
  }

  /**
   * The directory of {@code own} (a path in the hierarchy) under a mount that shows the hierarchy
   * from {@code root} on; empty when {@code own} is not below {@code root}, so not visible there.
   */
  private static Optional<Path> under(Path mountPoint, String root, String own) {
    String relative;
    if (root.equals("/")) {
      relative = own;
    } else if (own.equals(root) || own.startsWith(root + "/")) {
      relative = own.substring(root.length());
    } else {
      return Optional.empty();
    }
    relative = relative.replaceFirst("^/+", "");
    if (relative.startsWith("..")) {
      // why: in a cgroup namespace a process moved outside the namespace's root sees "/../x".
      return Optional.empty();
    }
    return Optional.of(relative.isEmpty() ? mountPoint : mountPoint.resolve(relative));
  }

  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
  }
}
