package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.report.Charts;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The share of each class over a video's time as one line per class, in the label set's colours.
 */
final class SharesPlot {

  private SharesPlot() {}

  /**
   * @param seconds the time of each frame (s)
   * @param shares per frame, the fraction (0..1) of each class of {@code labels}
   * @throws IOException if the PNG cannot be written
   */
  static void write(
      Path file, String title, LabelSet labels, List<Double> seconds, List<float[]> shares)
      throws IOException {
    double[] x = seconds.stream().mapToDouble(Double::doubleValue).toArray();
    List<Charts.Series> lines = new ArrayList<>();
    for (int c = 0; c < labels.size(); c++) {
      double[] percent = new double[shares.size()];
      for (int i = 0; i < percent.length; i++) {
        percent[i] = 100.0 * shares.get(i)[c];
      }
      lines.add(new Charts.Series(labels.name(c), new Color(labels.rgb(c)), percent));
    }
    Charts.writeLines(file, title, x, "time (s)", "share of pixels (%)", lines, 100);
  }
}
