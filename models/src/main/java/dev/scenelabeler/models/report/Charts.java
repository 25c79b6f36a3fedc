package dev.scenelabeler.models.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Small PNG charts drawn with Java2D (headless): line plots and a confusion-matrix heat map. */
public final class Charts {

  /** One plotted line: name, colour, y values (NaN points are skipped). */
  public record Series(String name, Color color, double[] values) {}

  private static final Color BACKGROUND = Color.WHITE;
  private static final Color AXIS = new Color(60, 60, 60);
  private static final Color GRID = new Color(225, 225, 225);

  private Charts() {}

  /** Panels side by side, each a titled line plot over the same x values (e.g. epochs). */
  public static void writeLinePanels(Path png, String title, double[] x, String xLabel, List<String> panelTitles,
      List<List<Series>> panels) throws IOException {
    int panelWidth = 520;
    int height = 380;
    BufferedImage image = new BufferedImage(panelWidth * panels.size(), height + 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(image);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 20, 26);
    for (int i = 0; i < panels.size(); i++) {
      drawLinePanel(g, i * panelWidth, 40, panelWidth, height, panelTitles.get(i), x, xLabel, panels.get(i));
    }
    g.dispose();
    write(image, png);
  }

  private static void drawLinePanel(Graphics2D g, int left, int top, int width, int height, String title,
      double[] x, String xLabel, List<Series> series) {
    int x0 = left + 60;
    int y0 = top + height - 50;
    int plotWidth = width - 90;
    int plotHeight = height - 90;
    double minX = x.length == 0 ? 0 : x[0];
    double maxX = x.length == 0 ? 1 : Math.max(x[x.length - 1], minX + 1);
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.values()) {
        if (!Double.isNaN(v)) {
          minY = Math.min(minY, v);
          maxY = Math.max(maxY, v);
        }
      }
    }
    if (minY == Double.POSITIVE_INFINITY) {
      minY = 0;
      maxY = 1;
    }
    if (maxY - minY < 1e-9) {
      maxY = minY + 1;
    }
    double pad = (maxY - minY) * 0.05;
    minY -= pad;
    maxY += pad;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      int y = y0 - i * plotHeight / 5;
      g.setColor(GRID);
      g.drawLine(x0, y, x0 + plotWidth, y);
      g.setColor(AXIS);
      g.drawString(String.format("%.3g", minY + (maxY - minY) * i / 5), left + 8, y + 4);
    }
    g.setColor(AXIS);
    g.drawRect(x0, y0 - plotHeight, plotWidth, plotHeight);
    g.drawString(xLabel, x0 + plotWidth / 2 - 20, y0 + 35);
    g.drawString(String.format("%.0f", minX), x0 - 4, y0 + 16);
    g.drawString(String.format("%.0f", maxX), x0 + plotWidth - 10, y0 + 16);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, x0, top + 20);
    g.setStroke(new BasicStroke(2f));
    int legendY = top + 20;
    for (Series s : series) {
      g.setColor(s.color());
      int prevX = -1;
      int prevY = -1;
      for (int i = 0; i < Math.min(x.length, s.values().length); i++) {
        double v = s.values()[i];
        if (Double.isNaN(v)) {
          continue;
        }
        int px = x0 + (int) Math.round((x[i] - minX) / (maxX - minX) * plotWidth);
        int py = y0 - (int) Math.round((v - minY) / (maxY - minY) * plotHeight);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, px, py);
        }
        g.fillOval(px - 2, py - 2, 5, 5);
        prevX = px;
        prevY = py;
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(s.name(), x0 + plotWidth - 150, legendY);
      legendY += 16;
    }
  }

  /** Heat map of row-normalised counts (each row = true class), with percentages in the cells. */
  public static void writeConfusionMatrix(Path png, String title, List<String> names, long[][] counts) throws IOException {
    int n = names.size();
    int cell = 70;
    int left = 110;
    int top = 80;
    BufferedImage image = new BufferedImage(left + n * cell + 30, top + n * cell + 50, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(image);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, 10, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("rows: truth, columns: prediction (% of the true class)", 10, 42);
    for (int t = 0; t < n; t++) {
      long rowTotal = 0;
      for (long c : counts[t]) {
        rowTotal += c;
      }
      g.setColor(AXIS);
      g.drawString(names.get(t), 10, top + t * cell + cell / 2 + 4);
      g.drawString(names.get(t), left + t * cell + 4, top - 8);
      for (int p = 0; p < n; p++) {
        double share = rowTotal == 0 ? 0 : (double) counts[t][p] / rowTotal;
        int shade = (int) Math.round(255 * (1 - share));
        g.setColor(new Color(shade, shade, 255));
        g.fillRect(left + p * cell, top + t * cell, cell, cell);
        g.setColor(share > 0.5 ? Color.WHITE : AXIS);
        g.drawString(String.format("%.1f", 100 * share), left + p * cell + 18, top + t * cell + cell / 2 + 4);
      }
    }
    g.dispose();
    write(image, png);
  }

  private static Graphics2D start(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(AXIS);
    return g;
  }

  private static void write(BufferedImage image, Path png) throws IOException {
    if (png.getParent() != null) {
      Files.createDirectories(png.getParent());
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("no PNG writer available for " + png);
    }
  }
}
