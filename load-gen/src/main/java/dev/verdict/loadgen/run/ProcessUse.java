package dev.verdict.loadgen.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time the watched processes spent in a run's measured window.
 *
 * @param cpuMs per process name, its CPU milliseconds (all threads, user and system)
 * @param machineBusyPercent the share of all the machine's cores that was busy
 */
public record ProcessUse(Map<String, Double> cpuMs, double machineBusyPercent) {
  public ProcessUse {
    cpuMs = Collections.unmodifiableMap(new LinkedHashMap<>(cpuMs));
  }

  public static ProcessUse none() {
    return new ProcessUse(Map.of(), 0);
  }
}
