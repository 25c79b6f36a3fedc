package dev.scenelabeler.models.train;

import dev.scenelabeler.models.eval.Corruptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Camera and light the training frames never had: colour jitter on every crop (brightness,
 * contrast, gamma, saturation, hue, colour temperature), and with some probability each a hard cast
 * shadow, over-exposure, defocus or motion blur, sensor noise, JPEG artefacts and vignetting.
 * Labels are untouched: none of these moves a pixel. Strengths are drawn from ranges that reach
 * about the benchmark's middle severity ({@link Corruptions}), not its strongest.
 */
public final class Photometric {

  /** Chance of each occasional effect; colour jitter always applies. */
  public record Settings(
      double shadow, double overExposure, double blur, double noise, double jpeg, double vignette) {
    public static final Settings NONE = new Settings(0, 0, 0, 0, 0, 0);
    public static final Settings CAMERAS = new Settings(0.25, 0.1, 0.2, 0.2, 0.2, 0.2);

    boolean any() {
      return shadow + overExposure + blur + noise + jpeg + vignette > 0;
    }
  }

  private final Settings settings;

  public Photometric(Settings settings) {
    this.settings = settings;
  }

  public boolean enabled() {
    return settings.any();
  }

  /** A new BGR image; {@code bgr} is not changed. */
  public Mat apply(Mat bgr, Random random) {
    List<Mat> made = new ArrayList<>();
    Mat image = colourJitter(bgr, random);
    made.add(image);
    if (random.nextDouble() < settings.shadow()) {
      image = keep(made, Corruptions.castShadow(image, uniform(random, 0.35, 0.75), random));
    }
    if (random.nextDouble() < settings.overExposure()) {
      image = keep(made, Corruptions.linear(image, uniform(random, 1.3, 2.2), 0));
    }
    if (random.nextDouble() < settings.blur()) {
      image =
          keep(
              made,
              random.nextBoolean()
                  ? Corruptions.defocus(image, 1 + random.nextInt(4))
                  : Corruptions.motionBlur(image, 3 + 2 * random.nextInt(7)));
    }
    if (random.nextDouble() < settings.noise()) {
      image = keep(made, Corruptions.gaussianNoise(image, uniform(random, 3, 20), random));
    }
    if (random.nextDouble() < settings.jpeg()) {
      image = keep(made, Corruptions.jpeg(image, 10 + random.nextInt(60)));
    }
    if (random.nextDouble() < settings.vignette()) {
      image = keep(made, vignette(image, uniform(random, 0.2, 0.6)));
    }
    for (Mat m : made) {
      if (m != image) {
        m.release();
      }
    }
    return image;
  }

  private static Mat keep(List<Mat> made, Mat image) {
    made.add(image);
    return image;
  }

  /**
   * Per channel {@code 255 * ((v / 255) ^ gamma)} after a gain and offset, then saturation and hue
   * in HSV, then a warm or cool white balance: one look-up table per step, cheap on every crop.
   */
  static Mat colourJitter(Mat bgr, Random random) {
    double gain = uniform(random, 0.7, 1.3);
    double offset = uniform(random, -30, 30);
    double gamma = Math.exp(uniform(random, Math.log(0.7), Math.log(1.4)));
    Mat out = new Mat();
    Mat curve = toneCurve(gain, offset, gamma);
    Core.LUT(bgr, curve, out);
    curve.release();
    Mat hsv = new Mat();
    Imgproc.cvtColor(out, hsv, Imgproc.COLOR_BGR2HSV);
    List<Mat> channels = new ArrayList<>();
    Core.split(hsv, channels);
    double saturation = uniform(random, 0.6, 1.4);
    channels.get(1).convertTo(channels.get(1), -1, saturation, 0);
    int hueShift = random.nextInt(11) - 5; // OpenCV's 8-bit hue is 0..179, a circle
    byte[] hueTable = new byte[256];
    for (int v = 0; v < 256; v++) {
      hueTable[v] = (byte) ((v + hueShift + 180) % 180);
    }
    Mat hue = new Mat(1, 256, CvType.CV_8U);
    hue.put(0, 0, hueTable);
    Core.LUT(channels.get(0), hue, channels.get(0));
    Core.merge(channels, hsv);
    Imgproc.cvtColor(hsv, out, Imgproc.COLOR_HSV2BGR);
    double warmth = uniform(random, -0.12, 0.12); // + warm (more red, less blue), - cool
    Core.multiply(out, new Scalar(1 - warmth, 1, 1 + warmth), out);
    hue.release();
    hsv.release();
    channels.forEach(Mat::release);
    return out;
  }

  private static Mat toneCurve(double gain, double offset, double gamma) {
    byte[] table = new byte[256];
    for (int v = 0; v < 256; v++) {
      double linear = Math.max(0, Math.min(255, gain * v + offset));
      table[v] = (byte) Math.round(255 * Math.pow(linear / 255, gamma));
    }
    Mat lut = new Mat(1, 256, CvType.CV_8U);
    lut.put(0, 0, table);
    return lut;
  }

  /** Corners darker than the centre by up to {@code strength}, as a cheap wide lens. */
  static Mat vignette(Mat bgr, double strength) {
    int w = bgr.cols();
    int h = bgr.rows();
    Mat gainMap = new Mat(h, w, CvType.CV_32F);
    float[] row = new float[w];
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double maxR2 = cx * cx + cy * cy;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / maxR2;
        row[x] = (float) (1 - strength * r2);
      }
      gainMap.put(y, 0, row);
    }
    Mat gain3 = new Mat();
    Core.merge(List.of(gainMap, gainMap, gainMap), gain3);
    Mat out = new Mat();
    bgr.convertTo(out, CvType.CV_32FC3);
    Core.multiply(out, gain3, out);
    out.convertTo(out, CvType.CV_8UC3);
    gainMap.release();
    gain3.release();
    return out;
  }

  private static double uniform(Random random, double low, double high) {
    return low + (high - low) * random.nextDouble();
  }
}
