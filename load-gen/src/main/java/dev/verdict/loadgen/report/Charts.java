package dev.verdict.loadgen.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the report's PNG charts with XChart, without a display. */
public final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  static {
    // why: a report is often written on a server without X; AWT must not look for a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** One line of a chart: x and y values of equal length. */
  public record Series(String name, List<Double> x, List<Double> y) {
    public Series {
      if (x.size() != y.size()) {
        throw new IllegalArgumentException(
            name + ": " + x.size() + " x values, " + y.size() + " y");
      }
      x = List.copyOf(x);
      y = List.copyOf(y);
    }
  }

  /** Graded submissions per second against the offered load, one line per series. */
  public static Path throughput(Path file, String title, String loadAxis, List<Series> series) {
    XYChart chart = chart(title, loadAxis, "graded submissions / s");
    chart.getStyler().setYAxisMin(0.0);
    for (Series s : series) {
      if (!s.x().isEmpty()) {
        chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    return save(chart, file);
  }

  /**
   * The cumulative distribution of each latency: for every latency, the share of submissions that
   * took at most that long. The time axis is logarithmic when the latencies span more than a factor
   * of 20 (XChart labels only powers of ten on a log axis).
   *
   * @param micros histograms of microseconds, by series name; empty ones are left out
   */
  public static Path latencyCdf(Path file, String title, Map<String, Histogram> micros) {
    XYChart chart = chart(title, "latency (ms)", "submissions at or below (%)");
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    boolean any = false;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Map.Entry<String, Histogram> entry : micros.entrySet()) {
      Histogram h = entry.getValue();
      if (h.getTotalCount() == 0) {
        continue;
      }
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (HistogramIterationValue v : h.recordedValues()) {
        x.add(Math.max(0.001, h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0));
        y.add(100.0 * v.getTotalCountToThisValue() / h.getTotalCount());
      }
      chart.addSeries(entry.getKey(), x, y).setMarker(SeriesMarkers.NONE);
      min = Math.min(min, x.get(0));
      max = Math.max(max, x.get(x.size() - 1));
      any = true;
    }
    if (!any) {
      // why: XChart cannot draw a chart without series; an empty run still gets a (flat) chart.
      chart.addSeries("no data", List.of(0.0), List.of(0.0)).setMarker(SeriesMarkers.NONE);
    } else if (max / min > 20) {
      chart.getStyler().setXAxisLogarithmic(true);
      chart.setXAxisTitle("latency (ms, log scale)");
    }
    return save(chart, file);
  }

  private static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }

  private static Path save(XYChart chart, Path file) {
    try {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
    // why: saveBitmap appends ".png" unless the name already ends with it.
    return file.toString().endsWith(".png") ? file : Path.of(file + ".png");
  }
}
