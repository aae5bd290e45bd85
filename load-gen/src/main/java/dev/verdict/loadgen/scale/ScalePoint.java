package dev.verdict.loadgen.scale;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One core count's result: Throughput_max(N), the speed-up S(N) = Tmax(N) / Tmax(1) and the
 * efficiency S(N) / N.
 */
@JsonPropertyOrder({"cores", "throughputMax", "speedup", "efficiency"})
public record ScalePoint(int cores, double throughputMax, double speedup, double efficiency) {

  /**
   * @param throughputMax Tmax by core count; must hold N = 1 with a positive throughput
   * @return the points in increasing core order
   * @throws IllegalArgumentException when Tmax(1) is missing or not positive
   */
  public static List<ScalePoint> of(Map<Integer, Double> throughputMax) {
    Double base = throughputMax.get(1);
    if (base == null) {
      throw new IllegalArgumentException(
          "S(N) = Tmax(N) / Tmax(1) needs a measurement on 1 core; add 1 to --cores");
    }
    if (!(base > 0)) {
      throw new IllegalArgumentException(
          "Tmax(1) is " + base + ": nothing was graded on 1 core, so S(N) is undefined");
    }
    List<ScalePoint> points = new ArrayList<>();
    for (Map.Entry<Integer, Double> e : new TreeMap<>(throughputMax).entrySet()) {
      int n = e.getKey();
      if (n < 1) {
        throw new IllegalArgumentException("core counts must be at least 1, was " + n);
      }
      double speedup = e.getValue() / base;
      points.add(new ScalePoint(n, e.getValue(), round(speedup), round(speedup / n)));
    }
    return points;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
