package dev.scenelabeler.models.train;

import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.data.CamVidSplit;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Jitter in one affine warp per sample: horizontal flip, a small rotation, a scale drawn from a
 * range around the training scale, and a random crop. Images warp bilinearly, label maps by nearest
 * neighbour; pixels from outside the frame become void. {@link Settings#PAPER} is the first
 * generation's (Farabet 2013: +-8 degrees, 90-110%); {@link Settings#WIDE} the second's: scale
 * 0.5-2.0 (drawn log-uniformly, so shrinking and enlarging are equally likely), and half of the
 * crops centred on a pedestrian pixel where the frame has any, so that the rarest and smallest
 * class is seen at every scale.
 */
public final class Augmentation {

  /**
   * @param focusProbability chance that a crop is placed around a random pixel of {@code
   *     focusClass} (when the frame has one)
   */
  public record Settings(
      double maxRotationDegrees,
      double minScale,
      double maxScale,
      boolean flips,
      double focusProbability,
      int focusClass) {
    public static final Settings PAPER = new Settings(8, 0.9, 1.1, true, 0, LabelSet.PEDESTRIAN);
    public static final Settings WIDE = new Settings(5, 0.5, 2.0, true, 0.5, LabelSet.PEDESTRIAN);
    public static final Settings NONE = new Settings(0, 1, 1, false, 0, LabelSet.PEDESTRIAN);
  }

  /** Image bytes (H x W x 3 BGR) and labels (H x W), ready for the engine. */
  public record Example(byte[] image, byte[] labels) {}

  private final Settings settings;
  private Photometric photometric = new Photometric(Photometric.Settings.NONE);
  private final int baseWidth;
  private final int baseHeight;
  private final int width;
  private final int height;

  /**
   * @param baseWidth frames are scaled to fit this size before jitter (the network's input size)
   * @param width width of the crop taken from the jittered frame (at most baseWidth): the network
   *     is fully convolutional, so training on crops is cheaper and sees the same scale
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

  /** Also changes colours and camera effects of each crop (after the warp, labels untouched). */
  public Augmentation withPhotometric(Photometric photometric) {
    this.photometric = photometric;
    return this;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public Example apply(CamVidSplit.Sample sample, Random random) {
    Point focus =
        settings.focusProbability() > 0 && random.nextDouble() < settings.focusProbability()
            ? randomPixelOf(sample.labels(), settings.focusClass(), random)
            : null;
    Mat transform = transform(sample.image().cols(), sample.image().rows(), focus, random);
    Mat image = new Mat();
    Mat labels = new Mat();
    Size size = new Size(width, height);
    Imgproc.warpAffine(
        sample.image(), image, transform, size, Imgproc.INTER_LINEAR, Core.BORDER_REFLECT_101);
    Imgproc.warpAffine(
        sample.labels(),
        labels,
        transform,
        size,
        Imgproc.INTER_NEAREST,
        Core.BORDER_CONSTANT,
        new Scalar(LabelSet.VOID));
    if (photometric.enabled()) {
      Mat changed = photometric.apply(image, random);
      image.release();
      image = changed;
    }
    byte[] imageBytes = new byte[width * height * 3];
    byte[] labelBytes = new byte[width * height];
    image.get(0, 0, imageBytes);
    labels.get(0, 0, labelBytes);
    image.release();
    labels.release();
    transform.release();
    return new Example(imageBytes, labelBytes);
  }

  /** A random pixel of {@code label} in the label map, or null where it has none. */
  private static Point randomPixelOf(Mat labels, int label, Random random) {
    Mat hits = new Mat();
    Mat points = new Mat();
    try {
      Core.compare(labels, new Scalar(label), hits, Core.CMP_EQ);
      Core.findNonZero(hits, points);
      if (points.empty()) {
        return null;
      }
      double[] xy = points.get(random.nextInt(points.rows()), 0);
      return new Point(xy[0], xy[1]);
    } finally {
      hits.release();
      points.release();
    }
  }

  private Mat transform(int sourceWidth, int sourceHeight, Point focus, Random random) {
    double baseScale =
        Math.min((double) baseWidth / sourceWidth, (double) baseHeight / sourceHeight);
    double scale =
        baseScale
            * Math.exp(
                uniform(random, Math.log(settings.minScale()), Math.log(settings.maxScale())));
    double angle = uniform(random, -settings.maxRotationDegrees(), settings.maxRotationDegrees());
    Point center = new Point(sourceWidth / 2.0, sourceHeight / 2.0);
    Mat m = Imgproc.getRotationMatrix2D(center, angle, scale);
    // Move the source centre to the output centre plus a random shift within the scaled frame.
    double slackX = Math.max(0, sourceWidth * scale - width) / 2;
    double slackY = Math.max(0, sourceHeight * scale - height) / 2;
    double shiftX = width / 2.0 - center.x + uniform(random, -slackX, slackX);
    double shiftY = height / 2.0 - center.y + uniform(random, -slackY, slackY);
    if (focus != null) { // the focus pixel lands in the middle 60% of the crop
      double mappedX = m.get(0, 0)[0] * focus.x + m.get(0, 1)[0] * focus.y + m.get(0, 2)[0];
      double mappedY = m.get(1, 0)[0] * focus.x + m.get(1, 1)[0] * focus.y + m.get(1, 2)[0];
      shiftX = uniform(random, 0.2 * width, 0.8 * width) - mappedX;
      shiftY = uniform(random, 0.2 * height, 0.8 * height) - mappedY;
    }
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
