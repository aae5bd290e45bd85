package dev.verdict.worker.sandbox;

import java.util.List;

/** Isolation, with the sandbox built by the slot's spawner itself (worker.sandbox builtin). */
class BuiltinIsolationIT extends SandboxIsolationContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.builtin();
  }

  // why: root builds this sandbox, so it needs no user namespace; the program runs as the slot's
  // unprivileged uid in the host's, and cannot make one of its own (cannot_make_namespaces_...).
  @Override
  protected List<String> newNamespaces() {
    return List.of("pid", "net", "ipc", "uts", "mnt", "cgroup");
  }
}
