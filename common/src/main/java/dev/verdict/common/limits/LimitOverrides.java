package dev.verdict.common.limits;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A partial set of resource limits: a problem's or a language's wishes, or an operator's maxima. A
 * {@code null} field means "not set here"; {@link #over(ResourceLimits)} lays the set fields over a
 * complete set. {@code addressSpaceKb} is set only where a run asks for Jobe's meaning of memory
 * (see {@link ResourceLimits#addressSpaceKb()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LimitOverrides(
    Long timeLimitMs,
    Long wallTimeMs,
    Integer memoryMb,
    Integer processes,
    Long outputKb,
    Long fileSizeKb,
    Integer openFiles,
    Integer stackMb,
    Integer tmpMb,
    Long addressSpaceKb) {

  public static final LimitOverrides NONE =
      new LimitOverrides(null, null, null, null, null, null, null, null, null, null);

  /** Overrides that leave the address-space limit unset. */
  public LimitOverrides(
      Long timeLimitMs,
      Long wallTimeMs,
      Integer memoryMb,
      Integer processes,
      Long outputKb,
      Long fileSizeKb,
      Integer openFiles,
      Integer stackMb,
      Integer tmpMb) {
    this(
        timeLimitMs,
        wallTimeMs,
        memoryMb,
        processes,
        outputKb,
        fileSizeKb,
        openFiles,
        stackMb,
        tmpMb,
        null);
  }

  public LimitOverrides {
    positive("timeLimitMs", timeLimitMs);
    positive("wallTimeMs", wallTimeMs);
    positive("memoryMb", memoryMb);
    positive("processes", processes);
    positive("outputKb", outputKb);
    positive("fileSizeKb", fileSizeKb);
    positive("openFiles", openFiles);
    positive("stackMb", stackMb);
    positive("tmpMb", tmpMb);
    positive("addressSpaceKb", addressSpaceKb);
  }

  private static void positive(String key, Number value) {
    if (value != null && value.longValue() <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }

  /** The complete limits {@code base} with every field that is set here replacing base's. */
  public ResourceLimits over(ResourceLimits base) {
    return new ResourceLimits(
        either(timeLimitMs, base.timeLimitMs()),
        either(wallTimeMs, base.wallTimeMs()),
        either(memoryMb, base.memoryMb()),
        either(processes, base.processes()),
        either(outputKb, base.outputKb()),
        either(fileSizeKb, base.fileSizeKb()),
        either(openFiles, base.openFiles()),
        either(stackMb, base.stackMb()),
        either(tmpMb, base.tmpMb()),
        either(addressSpaceKb, base.addressSpaceKb()));
  }

  /** These overrides with every field set in {@code top} replaced by top's value. */
  public LimitOverrides with(LimitOverrides top) {
    return new LimitOverrides(
        either(top.timeLimitMs, timeLimitMs),
        either(top.wallTimeMs, wallTimeMs),
        either(top.memoryMb, memoryMb),
        either(top.processes, processes),
        either(top.outputKb, outputKb),
        either(top.fileSizeKb, fileSizeKb),
        either(top.openFiles, openFiles),
        either(top.stackMb, stackMb),
        either(top.tmpMb, tmpMb),
        either(top.addressSpaceKb, addressSpaceKb));
  }

  /** {@code set} where it is set, else {@code otherwise}: the one rule of every merge here. */
  private static <T> T either(T set, T otherwise) {
    return set != null ? set : otherwise;
  }
}
