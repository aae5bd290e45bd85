package dev.verdict.worker.sandbox;

import java.nio.file.Path;

/**
 * The files through which a run's launcher reports to the worker, in the slot's scratch directory.
 *
 * @param status the sandbox's JSON status: the pid of its init ({@code child-pid}) once it runs,
 *     the program's {@code exit-code} once it ended
 * @param sandboxCpu the CPU time, in nanoseconds, that the sandbox's own processes used, written by
 *     the native launcher after the run (the shell chain writes nothing)
 * @param seccomp the sandbox's seccomp filter ({@link SeccompPolicy}), written once when the
 *     sandbox is made and read by every run
 * @param sandboxOptions bubblewrap's options for the run, NUL-separated, written by the shell chain
 *     for bubblewrap's {@code --args} (the native launcher hands them over in memory)
 */
record RunFiles(Path status, Path sandboxCpu, Path seccomp, Path sandboxOptions) {
  static RunFiles in(Path scratch) {
    return new RunFiles(
        scratch.resolve("status.json"),
        scratch.resolve("sandbox-cpu"),
        scratch.resolve("seccomp.bpf"),
        scratch.resolve("sandbox-options"));
  }
}
