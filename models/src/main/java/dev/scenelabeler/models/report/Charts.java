package dev.scenelabeler.models.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The project's PNG charts, drawn with XChart: training curves, a confusion matrix, shares over
 * time.
 */
public final class Charts {

  /** One line: a name for the legend, its colour and a y value per x. */
  public record Series(String name, Color color, double[] values) {}

  private static final int PANEL_WIDTH = 900;
  private static final int PANEL_HEIGHT = 300;

  private Charts() {}

  /**
   * Line charts stacked one above the other, sharing the x values, under one title.
   *
   * @param panels one list of series per panel, titled by {@code panelTitles}; every series has one
   *     value per x
   * @throws IOException if the PNG cannot be written
   */
  public static void writeLinePanels(
      Path png,
      String title,
      double[] x,
      String xLabel,
      List<String> panelTitles,
      List<List<Series>> panels)
      throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 0; i < panels.size(); i++) {
      images.add(
          BitmapEncoder.getBufferedImage(
              lines(panelTitles.get(i), x, xLabel, "", panels.get(i), PANEL_WIDTH, PANEL_HEIGHT)));
    }
    int titleHeight = 36;
    BufferedImage page =
        new BufferedImage(
            PANEL_WIDTH, titleHeight + PANEL_HEIGHT * images.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = page.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, page.getWidth(), page.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, 12, 24);
      for (int i = 0; i < images.size(); i++) {
        g.drawImage(images.get(i), 0, titleHeight + i * PANEL_HEIGHT, null);
      }
    } finally {
      g.dispose();
    }
    write(page, png);
  }

  /**
   * One line chart.
   *
   * @param yMax the top of the y axis, or NaN to fit the data
   * @throws IOException if the PNG cannot be written
   */
  public static void writeLines(
      Path png,
      String title,
      double[] x,
      String xLabel,
      String yLabel,
      List<Series> series,
      double yMax)
      throws IOException {
    XYChart chart = lines(title, x, xLabel, yLabel, series, PANEL_WIDTH, 420);
    if (!Double.isNaN(yMax)) {
      chart.getStyler().setYAxisMin(0.0).setYAxisMax(yMax);
    }
    write(BitmapEncoder.getBufferedImage(chart), png);
  }

  /**
   * Heat map of row-normalised counts (each row a true class), with the percentage in each cell.
   *
   * @param counts rows = truth, columns = prediction, {@code names.size()} square
   * @throws IOException if the PNG cannot be written
   */
  public static void writeConfusionMatrix(
      Path png, String title, List<String> names, long[][] counts) throws IOException {
    int n = names.size();
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      long rowTotal = 0;
      for (long c : counts[t]) {
        rowTotal += c;
      }
      for (int p = 0; p < n; p++) {
        double percent = rowTotal == 0 ? 0 : 100.0 * counts[t][p] / rowTotal;
        // x = prediction, y = truth counted from the top, as the matrix is read
        cells.add(new Number[] {p, n - 1 - t, Math.round(percent * 10) / 10.0});
      }
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(120 + 90 * n)
            .height(140 + 70 * n)
            .title(title + " (rows: truth, columns: prediction, % of the true class)")
            .build();
    var style = chart.getStyler();
    style.setRangeColors(new Color[] {Color.WHITE, new Color(40, 90, 200)});
    style.setShowValue(true);
    style.setMin(0);
    style.setMax(100);
    style.setLegendVisible(false);
    style.setChartBackgroundColor(Color.WHITE);
    style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    chart.setXAxisTitle("prediction");
    chart.setYAxisTitle("truth");
    List<String> bottomUp = new ArrayList<>(names);
    Collections.reverse(bottomUp);
    chart.addSeries("confusion", names, bottomUp, cells);
    write(BitmapEncoder.getBufferedImage(chart), png);
  }

  private static XYChart lines(
      String title,
      double[] x,
      String xLabel,
      String yLabel,
      List<Series> series,
      int width,
      int height) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    var style = chart.getStyler();
    style.setPlotGridLinesColor(new Color(225, 225, 225));
    style.setLegendPosition(Styler.LegendPosition.OutsideE);
    style.setChartBackgroundColor(Color.WHITE);
    style.setMarkerSize(4);
    style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    for (Series s : series) {
      XYSeries line = chart.addSeries(s.name(), x, s.values());
      line.setLineColor(s.color());
      line.setMarkerColor(s.color());
      line.setMarker(x.length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  private static void write(BufferedImage image, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("no PNG writer for " + png);
    }
  }
}
