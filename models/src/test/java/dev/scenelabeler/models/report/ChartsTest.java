package dev.scenelabeler.models.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  private static final Color MAGENTA = new Color(230, 20, 200);

  @Test
  void shouldDrawEachPanelsLinesInTheirColours(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("curves.png");
    double[] x = {1, 2, 3, 4};
    Charts.writeLinePanels(
        png,
        "Training",
        x,
        "epoch",
        List.of("loss", "mIoU"),
        List.of(
            List.of(new Charts.Series("loss", MAGENTA, new double[] {4, 3, 2, 1})),
            List.of(new Charts.Series("mIoU", Color.BLUE, new double[] {10, 20, 30, 40}))));
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getHeight()).as("title + two panels").isGreaterThan(2 * 250);
    assertThat(pixelsOf(image, MAGENTA)).isGreaterThan(50);
  }

  @Test
  void shouldDrawAConfusionMatrixWithOneCellPerPair(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("confusion.png");
    Charts.writeConfusionMatrix(
        png, "Confusion", List.of("a", "b", "c"), new long[][] {{9, 1, 0}, {0, 10, 0}, {5, 0, 5}});
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isGreaterThan(3 * 60);
    assertThat(image.getHeight()).isGreaterThan(3 * 60);
  }

  private static int pixelsOf(BufferedImage image, Color colour) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }
}
