package dev.verdict.worker.sandbox;

/** The limits, with the sandbox built by the slot's spawner itself (worker.sandbox builtin). */
class BuiltinLimitsIT extends SandboxLimitsContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.builtin();
  }
}
