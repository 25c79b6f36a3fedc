package dev.scenelabeler.models.train;

import dev.scenelabeler.models.LabelSet;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The paper's jitter in one affine warp per sample: horizontal flip, rotation within +-8
 * degrees, scale within 90-110% of the training scale, and a random crop. Images warp
 * bilinearly, label maps by nearest neighbour; pixels from outside the frame become void.
 */
public final class Augmentation {

  public record Settings(double maxRotationDegrees, double minScale, double maxScale, boolean flips) {
    public static final Settings PAPER = new Settings(8, 0.9, 1.1, true);
    public static final Settings NONE = new Settings(0, 1, 1, false);
  }

  /** Image bytes (H x W x 3 BGR) and labels (H x W), ready for the engine. */
  public record Example(byte[] image, byte[] labels) {}

  private final Settings settings;
  private final int baseWidth;
  private final int baseHeight;
  private final int width;
  private final int height;

  /**
   * @param baseWidth frames are scaled to fit this size before jitter (the network's input size)
   * @param width width of the crop taken from the jittered frame (at most baseWidth): the network is
   *     fully convolutional, so training on crops is cheaper and sees the same scale
   */
  public Augmentation(Settings settings, int baseWidth, int baseHeight, int width, int height) {
    this.settings = settings;
    this.baseWidth = baseWidth;
    this.baseHeight = baseHeight;
    this.width = width;
    this.height = height;
  }

  public Augmentation(Settings settings, int width, int height) {
    this(settings, width, height, width, height);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public Example apply(CamVidSplit.Sample sample, Random random) {
    Mat transform = transform(sample.image().cols(), sample.image().rows(), random);
    Mat image = new Mat();
    Mat labels = new Mat();
    Size size = new Size(width, height);
    Imgproc.warpAffine(sample.image(), image, transform, size, Imgproc.INTER_LINEAR, Core.BORDER_REFLECT_101);
    Imgproc.warpAffine(sample.labels(), labels, transform, size, Imgproc.INTER_NEAREST, Core.BORDER_CONSTANT,
        new Scalar(LabelSet.VOID));
    byte[] imageBytes = new byte[width * height * 3];
    byte[] labelBytes = new byte[width * height];
    image.get(0, 0, imageBytes);
    labels.get(0, 0, labelBytes);
    image.release();
    labels.release();
    transform.release();
    return new Example(imageBytes, labelBytes);
  }

  private Mat transform(int sourceWidth, int sourceHeight, Random random) {
    double baseScale = Math.min((double) baseWidth / sourceWidth, (double) baseHeight / sourceHeight);
    double scale = baseScale * uniform(random, settings.minScale(), settings.maxScale());
    double angle = uniform(random, -settings.maxRotationDegrees(), settings.maxRotationDegrees());
    Point center = new Point(sourceWidth / 2.0, sourceHeight / 2.0);
    Mat m = Imgproc.getRotationMatrix2D(center, angle, scale);
    // Move the source centre to the output centre plus a random shift within the scaled frame.
    double slackX = Math.max(0, sourceWidth * scale - width) / 2;
    double slackY = Math.max(0, sourceHeight * scale - height) / 2;
    double shiftX = width / 2.0 - center.x + uniform(random, -slackX, slackX);
    double shiftY = height / 2.0 - center.y + uniform(random, -slackY, slackY);
    m.put(0, 2, m.get(0, 2)[0] + shiftX);
    m.put(1, 2, m.get(1, 2)[0] + shiftY);
    if (settings.flips() && random.nextBoolean()) {
      for (int c = 0; c < 3; c++) {
        m.put(0, c, -m.get(0, c)[0]);
      }
      m.put(0, 2, m.get(0, 2)[0] + width - 1);
    }
    return m;
  }

  private static double uniform(Random random, double low, double high) {
    return high <= low ? low : low + (high - low) * random.nextDouble();
  }
}
