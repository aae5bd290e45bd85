package dev.verdict.worker.sandbox;

import dev.verdict.worker.cgroup.CgroupDriver;
import java.nio.file.Path;

class BubblewrapSandboxIT extends SandboxContract {
  private static final int CORE = 0;

  @Override
  protected Sandbox newSandbox(Path scratch) {
    CgroupDriver cgroups = CgroupDriver.detect("verdict-test");
    return new BubblewrapSandbox(cgroups.forSlot(0, CORE), scratch, sandboxUid(), "/usr/bin/bwrap");
  }

  @Override
  protected int sandboxUid() {
    return 61_000 + CORE;
  }
}
