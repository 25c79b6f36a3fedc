package dev.scenelabeler.jobs.batch;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws the share of each class over a video's time as one line per class, in the palette's colours. */
final class SharesPlot {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;
  private static final int LEFT = 60;
  private static final int RIGHT = 150;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private SharesPlot() {}

  /**
   * @param seconds the time of each frame
   * @param shares per frame, the fraction of each class
   */
  static void write(Path file, String title, List<String> classNames, int[] paletteRgb,
      List<Double> seconds, List<float[]> shares) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = HEIGHT - TOP - BOTTOM;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, LEFT, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      double maxT = seconds.isEmpty() ? 1 : Math.max(1e-6, seconds.get(seconds.size() - 1));
      for (int i = 0; i <= 4; i++) { // y grid: 0, 25, 50, 75, 100 %
        int y = TOP + plotH - plotH * i / 4;
        g.setColor(new Color(225, 225, 225));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setColor(Color.DARK_GRAY);
        g.drawString(i * 25 + "%", LEFT - 35, y + 4);
      }
      for (int i = 0; i <= 5; i++) {
        int x = LEFT + plotW * i / 5;
        g.drawString(String.format("%.1f s", maxT * i / 5), x - 12, TOP + plotH + 18);
      }
      g.drawString("share of pixels per class over time", LEFT, HEIGHT - 12);
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, plotW, plotH);
      g.setStroke(new BasicStroke(2f));
      for (int c = 0; c < classNames.size(); c++) {
        Path2D.Double line = new Path2D.Double();
        for (int i = 0; i < shares.size(); i++) {
          double x = LEFT + plotW * seconds.get(i) / maxT;
          double y = TOP + plotH - plotH * shares.get(i)[c];
          if (i == 0) {
            line.moveTo(x, y);
          } else {
            line.lineTo(x, y);
          }
        }
        g.setColor(new Color(paletteRgb[c]));
        g.draw(line);
        int ly = TOP + 10 + c * 20;
        g.fillRect(LEFT + plotW + 15, ly - 8, 14, 10);
        g.setColor(Color.BLACK);
        g.drawString(classNames.get(c), LEFT + plotW + 35, ly + 1);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }
}
