package dev.scenelabeler.dashboard;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.LabelSetDescriptor;
import dev.scenelabeler.connectors.records.MaskRecord;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Deterministic frames and masks keyed by frame index, with big known regions so a test can say
 * which class (and so which colour) belongs at a pixel. The mask is a 3 x 2 grid of cells, class =
 * row * 3 + column; the boundary between the first two cells of the top row moves a little with the
 * index so the class shares change from frame to frame.
 */
public final class SyntheticScene {

  public static final int WIDTH = 240;
  public static final int HEIGHT = 160;
  public static final int COLUMNS = 3;
  public static final int ROWS = 2;

  /** The project's label set (scene6-v1) as the mask records carry it. */
  public static final LabelSetDescriptor LABEL_SET =
      new LabelSetDescriptor(
          "scene6-v1",
          List.of("sky", "tree", "road", "building", "pedestrian", "other"),
          new int[] {0x4A90E2, 0x2E8B3A, 0x8C8C8C, 0xC0504D, 0xFFD700, 0x8E44AD});

  /** Grey of the synthetic frame: far from every palette colour, so a mask pixel is told apart. */
  public static final int FRAME_GREY = 0x202020;

  private SyntheticScene() {}

  /** The class at the centre of cell ({@code column}, {@code row}) in every frame. */
  public static int classOfCell(int column, int row) {
    return row * COLUMNS + column;
  }

  /** Centre of a cell in mask pixels, as {x, y}. */
  public static int[] cellCentre(int column, int row) {
    return new int[] {
      (2 * column + 1) * WIDTH / (2 * COLUMNS), (2 * row + 1) * HEIGHT / (2 * ROWS)
    };
  }

  public static byte[] classIndices(long index) {
    int cellWidth = WIDTH / COLUMNS;
    int shift = (int) (index % 10) * 2; // moves the sky | tree boundary by 0..18 px
    byte[] classes = new byte[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      int row = y * ROWS / HEIGHT;
      for (int x = 0; x < WIDTH; x++) {
        int column = Math.min(x / cellWidth, COLUMNS - 1);
        if (row == 0 && column <= 1) {
          column = x < cellWidth + shift ? 0 : 1;
        }
        classes[y * WIDTH + x] = (byte) classOfCell(column, row);
      }
    }
    return classes;
  }

  public static FrameRecord frame(String camera, long index, long captureMs) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(FRAME_GREY));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.LIGHT_GRAY);
    g.drawString(camera + " #" + index, 6, 14);
    g.dispose();
    return new FrameRecord(
        camera, index, captureMs, ImageEncoding.JPEG, WIDTH, HEIGHT, jpeg(image));
  }

  public static MaskRecord mask(String camera, long index, long captureMs, long labeledMs) {
    return MaskRecord.builder()
        .setFrame(camera, index, captureMs)
        .setLabeledTimestampMs(labeledMs)
        .setModel("synthetic", "test")
        .setLabelSet(LABEL_SET)
        .setClassIndices(WIDTH, HEIGHT, classIndices(index))
        .setMeanConfidence(0.8f)
        .build();
  }

  private static byte[] jpeg(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
