package dev.verdict.worker.sandbox;

import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.ResourceLimits;

/** Builds run limits for a test, starting from the default run limits. */
final class Limits {
  private final ResourceLimits base = LimitsConfig.DEFAULT_RUN;
  private long cpuMs = base.timeLimitMs();
  private long wallMs = base.wallTimeMs();
  private int memoryMb = base.memoryMb();
  private int processes = base.processes();
  private long outputKb = base.outputKb();
  private long fileSizeKb = base.fileSizeKb();
  private int openFiles = base.openFiles();
  private int stackMb = base.stackMb();
  private int tmpMb = base.tmpMb();
  private long addressSpaceKb = base.addressSpaceKb();

  private Limits() {}

  static Limits limits() {
    return new Limits();
  }

  Limits cpuMs(long value) {
    cpuMs = value;
    return this;
  }

  Limits wallMs(long value) {
    wallMs = value;
    return this;
  }

  Limits memoryMb(int value) {
    memoryMb = value;
    return this;
  }

  Limits processes(int value) {
    processes = value;
    return this;
  }

  Limits outputKb(long value) {
    outputKb = value;
    return this;
  }

  Limits fileSizeKb(long value) {
    fileSizeKb = value;
    return this;
  }

  Limits openFiles(int value) {
    openFiles = value;
    return this;
  }

  Limits stackMb(int value) {
    stackMb = value;
    return this;
  }

  Limits tmpMb(int value) {
    tmpMb = value;
    return this;
  }

  Limits addressSpaceKb(long value) {
    addressSpaceKb = value;
    return this;
  }

  ResourceLimits build() {
    return new ResourceLimits(
        cpuMs,
        wallMs,
        memoryMb,
        processes,
        outputKb,
        fileSizeKb,
        openFiles,
        stackMb,
        tmpMb,
        addressSpaceKb);
  }
}
