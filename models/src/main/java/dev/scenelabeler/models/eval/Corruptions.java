package dev.scenelabeler.models.eval;

import dev.scenelabeler.models.data.CamVidSplit.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The conditions of the robustness benchmark, after Hendrycks and Dietterich (ImageNet-C, ICLR
 * 2019) and Kamann and Rother (Cityscapes-C, CVPR 2020): image corruptions in five families at
 * three severities each, and camera changes (resolution, aspect, a frame upscaled from a smaller
 * one). A corruption changes the image only; a camera change may also change the label map's size
 * (scaled by nearest neighbour, cropped with the image), so every condition is scored at the
 * resolution the camera delivers. Random parts (noise, shadow shapes) are seeded per frame, so a
 * run reproduces.
 */
public final class Corruptions {

  /** Families whose mean is the benchmark's headline; camera changes are reported apart. */
  public static final List<String> CORRUPTION_FAMILIES =
      List.of("noise", "blur", "digital", "brightness-contrast", "exposure");

  public static final String CAMERA = "camera";

  /**
   * A change applied to a val frame and its labels; returns new Mats, leaves the sample's alone.
   */
  @FunctionalInterface
  public interface Transform {
    Sample apply(Sample sample, Random random);
  }

  /**
   * One benchmark condition.
   *
   * @param family one of {@link #CORRUPTION_FAMILIES} or {@link #CAMERA}
   * @param name what was done, e.g. {@code gaussian-noise}
   * @param severity 1 (mild) to 3 (strong); 0 for camera changes, which have none
   */
  public record Condition(String family, String name, int severity, Transform transform) {
    public String label() {
      return severity > 0 ? name + "-" + severity : name;
    }
  }

  private Corruptions() {}

  /** Every condition, corruption families first, in a fixed order. */
  public static List<Condition> all() {
    List<Condition> all = new ArrayList<>();
    for (int s = 1; s <= 3; s++) {
      double sigma = new double[] {8, 16, 32}[s - 1];
      all.add(image("noise", "gaussian-noise", s, (bgr, r) -> gaussianNoise(bgr, sigma, r)));
    }
    for (int s = 1; s <= 3; s++) {
      int radius = new int[] {2, 4, 6}[s - 1];
      all.add(image("blur", "defocus-blur", s, (bgr, r) -> defocus(bgr, radius)));
    }
    for (int s = 1; s <= 3; s++) {
      int length = new int[] {7, 15, 25}[s - 1];
      all.add(image("blur", "motion-blur", s, (bgr, r) -> motionBlur(bgr, length)));
    }
    for (int s = 1; s <= 3; s++) {
      int quality = new int[] {30, 15, 7}[s - 1];
      all.add(image("digital", "jpeg", s, (bgr, r) -> jpeg(bgr, quality)));
    }
    for (int s = 1; s <= 3; s++) {
      double shift = new double[] {40, 70, 100}[s - 1];
      all.add(image("brightness-contrast", "brightness", s, (bgr, r) -> linear(bgr, 1, shift)));
    }
    for (int s = 1; s <= 3; s++) {
      double scale = new double[] {0.6, 0.4, 0.25}[s - 1];
      all.add(image("brightness-contrast", "contrast", s, (bgr, r) -> contrast(bgr, scale)));
    }
    for (int s = 1; s <= 3; s++) {
      double darkness = new double[] {0.6, 0.45, 0.3}[s - 1];
      all.add(image("exposure", "cast-shadow", s, (bgr, r) -> castShadow(bgr, darkness, r)));
    }
    for (int s = 1; s <= 3; s++) {
      double gain = new double[] {1.6, 2.2, 3.0}[s - 1];
      all.add(image("exposure", "over-exposure", s, (bgr, r) -> linear(bgr, gain, 0)));
    }
    all.add(new Condition(CAMERA, "resolution-0.5x", 0, (sample, r) -> scaled(sample, 0.5)));
    all.add(new Condition(CAMERA, "resolution-2x", 0, (sample, r) -> scaled(sample, 2)));
    all.add(new Condition(CAMERA, "resolution-4x", 0, (sample, r) -> scaled(sample, 4)));
    all.add(new Condition(CAMERA, "crop-16:9", 0, (sample, r) -> centreCrop(sample, 16.0 / 9)));
    all.add(new Condition(CAMERA, "crop-3:1", 0, (sample, r) -> centreCrop(sample, 3.0)));
    all.add(
        new Condition(
            CAMERA, "upscaled-from-0.5x", 0, (sample, r) -> upscaledFromSmaller(sample, 0.5)));
    return List.copyOf(all);
  }

  /**
   * The conditions of the named families, or all of them for an empty list.
   *
   * @throws IllegalArgumentException naming a family that does not exist
   */
  public static List<Condition> of(List<String> families) {
    List<String> known = new ArrayList<>(CORRUPTION_FAMILIES);
    known.add(CAMERA);
    for (String family : families) {
      if (!known.contains(family)) {
        throw new IllegalArgumentException(
            "unknown robustness family '" + family + "'; choose from " + String.join(", ", known));
      }
    }
    return all().stream().filter(c -> families.isEmpty() || families.contains(c.family())).toList();
  }

  /** A corruption of the image alone; the labels are shared, not copied. */
  private static Condition image(
      String family, String name, int severity, ImageTransform transform) {
    return new Condition(
        family,
        name,
        severity,
        (sample, random) ->
            new Sample(sample.name(), transform.apply(sample.image(), random), sample.labels()));
  }

  private interface ImageTransform {
    Mat apply(Mat bgr, Random random);
  }

  public static Mat gaussianNoise(Mat bgr, double sigma, Random random) {
    int n = (int) bgr.total() * bgr.channels();
    byte[] pixels = new byte[n];
    bgr.get(0, 0, pixels);
    for (int i = 0; i < n; i++) {
      int v = (pixels[i] & 0xFF) + (int) Math.round(random.nextGaussian() * sigma);
      pixels[i] = (byte) Math.max(0, Math.min(255, v));
    }
    Mat out = new Mat(bgr.rows(), bgr.cols(), bgr.type());
    out.put(0, 0, pixels);
    return out;
  }

  /** A lens out of focus: a disk kernel, as ImageNet-C's defocus blur. */
  public static Mat defocus(Mat bgr, int radius) {
    int size = 2 * radius + 1;
    Mat kernel = Mat.zeros(size, size, CvType.CV_32F);
    Imgproc.circle(kernel, new Point(radius, radius), radius, new Scalar(1), -1);
    Core.divide(kernel, new Scalar(Core.sumElems(kernel).val[0]), kernel);
    Mat out = new Mat();
    Imgproc.filter2D(bgr, out, -1, kernel);
    kernel.release();
    return out;
  }

  /** A horizontal pan during the exposure: a line kernel. */
  public static Mat motionBlur(Mat bgr, int length) {
    Mat kernel = Mat.zeros(1, length, CvType.CV_32F);
    kernel.setTo(new Scalar(1.0 / length));
    Mat out = new Mat();
    Imgproc.filter2D(bgr, out, -1, kernel);
    kernel.release();
    return out;
  }

  public static Mat jpeg(Mat bgr, int quality) {
    MatOfByte encoded = new MatOfByte();
    Imgcodecs.imencode(".jpg", bgr, encoded, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality));
    Mat out = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
    encoded.release();
    return out;
  }

  /** {@code gain * v + shift}, clipped: a brighter scene or an over-exposed sensor. */
  public static Mat linear(Mat bgr, double gain, double shift) {
    Mat out = new Mat();
    bgr.convertTo(out, -1, gain, shift);
    return out;
  }

  /** Pixels pulled toward the frame's mean grey: haze, a flat-light day, a cheap sensor. */
  static Mat contrast(Mat bgr, double scale) {
    double mean = Core.mean(bgr).val[0] / 3 + Core.mean(bgr).val[1] / 3 + Core.mean(bgr).val[2] / 3;
    return linear(bgr, scale, (1 - scale) * mean);
  }

  /**
   * A hard cast shadow, as of a building across the street: a random quadrilateral over the lower
   * two thirds of the frame, its pixels scaled by {@code darkness}.
   */
  public static Mat castShadow(Mat bgr, double darkness, Random random) {
    int w = bgr.cols();
    int h = bgr.rows();
    Point[] corners = {
      new Point(random.nextInt(w / 2), h / 3.0 + random.nextInt(h / 3)),
      new Point(w / 2.0 + random.nextInt(w / 2), h / 3.0 + random.nextInt(h / 3)),
      new Point(w / 2.0 + random.nextInt(w / 2), h - 1),
      new Point(random.nextInt(w / 2), h - 1)
    };
    Mat mask = Mat.zeros(h, w, CvType.CV_8U);
    Imgproc.fillPoly(mask, List.of(new MatOfPoint(corners)), new Scalar(255));
    Mat dark = linear(bgr, darkness, 0);
    Mat out = bgr.clone();
    dark.copyTo(out, mask);
    dark.release();
    mask.release();
    return out;
  }

  /** The same view from a camera with {@code factor} times the pixels per side. */
  static Sample scaled(Sample sample, double factor) {
    Size size =
        new Size(
            Math.round(sample.image().cols() * factor), Math.round(sample.image().rows() * factor));
    Mat image = new Mat();
    Imgproc.resize(
        sample.image(), image, size, 0, 0, factor < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC);
    Mat labels = new Mat();
    Imgproc.resize(sample.labels(), labels, size, 0, 0, Imgproc.INTER_NEAREST);
    return new Sample(sample.name(), image, labels);
  }

  /** A wider camera's frame: the full width, the centre rows, at the dataset's scale. */
  static Sample centreCrop(Sample sample, double aspect) {
    int w = sample.image().cols();
    int h = (int) Math.round(w / aspect);
    Rect rows = new Rect(0, (sample.image().rows() - h) / 2, w, h);
    return new Sample(
        sample.name(), sample.image().submat(rows).clone(), sample.labels().submat(rows).clone());
  }

  /**
   * A frame a cheap camera or a stream upscaled from {@code factor} of its size: soft, same labels.
   */
  static Sample upscaledFromSmaller(Sample sample, double factor) {
    Mat small = new Mat();
    Imgproc.resize(sample.image(), small, new Size(), factor, factor, Imgproc.INTER_AREA);
    Mat image = new Mat();
    Imgproc.resize(small, image, sample.image().size(), 0, 0, Imgproc.INTER_LINEAR);
    small.release();
    return new Sample(sample.name(), image, sample.labels());
  }
}
