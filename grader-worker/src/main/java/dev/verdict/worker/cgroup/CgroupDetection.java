package dev.verdict.worker.cgroup;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the cgroup driver from this process's mounts, and says which. */
final class CgroupDetection {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupDetection.class);

  private CgroupDetection() {}

  static CgroupDriver detect(Path mountinfo, Path selfCgroup, String group) {
    CgroupMounts mounts = CgroupMounts.read(mountinfo, selfCgroup);
    LOG.info(
        "Detected cgroup {} (v1 controllers {}, v2 directory {})",
        mounts.unified() ? "v2" : "v1",
        mounts.controllerDirs().keySet(),
        mounts.unifiedDir());
    CgroupDriver driver =
        mounts.unified() ? CgroupV2.create(mounts, group) : CgroupV1.create(mounts, group);
    LOG.info("Using {}", driver.describe());
    return driver;
  }
}
