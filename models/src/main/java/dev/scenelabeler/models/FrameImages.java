package dev.scenelabeler.models;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Checks and converts frames into the network's input: 3-channel 8-bit BGR at a given size. */
public final class FrameImages {

  /** Larger inputs are refused: their class mask alone would not fit a Java array. */
  public static final long MAX_PIXELS = Integer.MAX_VALUE / 2;

  private FrameImages() {}

  /**
   * Resizes a BGR/grey/BGRA 8-bit image to {@code width x height} BGR; the input is not modified.
   * Shrinking averages the pixels each output pixel covers ({@code INTER_AREA}), so a 1080p frame
   * scaled 3x down is anti-aliased rather than decimated; enlarging, and a size that stays, are
   * bilinear, as the training warps resample.
   */
  public static Mat toNetworkInput(Mat image, int width, int height) {
    checkUsable(image);
    Mat bgr = toBgr(image);
    if (bgr.cols() == width && bgr.rows() == height) {
      return bgr == image ? bgr.clone() : bgr;
    }
    Mat resized = new Mat();
    boolean shrinks = width < bgr.cols() && height < bgr.rows();
    Imgproc.resize(
        bgr,
        resized,
        new Size(width, height),
        0,
        0,
        shrinks ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
    if (bgr != image) {
      bgr.release();
    }
    return resized;
  }

  static void checkUsable(Mat image) {
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("image is empty (0x0)");
    }
    if (image.depth() != CvType.CV_8U) {
      throw new IllegalArgumentException(
          "image must have 8-bit channels, got OpenCV type " + CvType.typeToString(image.type()));
    }
    if (image.channels() != 1 && image.channels() != 3 && image.channels() != 4) {
      throw new IllegalArgumentException(
          "image must have 1, 3 or 4 channels, got " + image.channels());
    }
    if ((long) image.cols() * image.rows() > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "image of "
              + image.cols()
              + "x"
              + image.rows()
              + " pixels is larger than the limit of "
              + MAX_PIXELS
              + " pixels");
    }
  }

  private static Mat toBgr(Mat image) {
    return switch (image.channels()) {
      case 3 -> image;
      case 1 -> convert(image, Imgproc.COLOR_GRAY2BGR);
      case 4 -> convert(image, Imgproc.COLOR_BGRA2BGR);
      default ->
          throw new IllegalArgumentException(
              "image must have 1, 3 or 4 channels, got " + image.channels());
    };
  }

  private static Mat convert(Mat image, int code) {
    Mat out = new Mat();
    Imgproc.cvtColor(image, out, code);
    return out;
  }

  /** Copies a BufferedImage of any type into a new BGR Mat. */
  public static Mat fromBufferedImage(BufferedImage image) {
    if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
      throw new IllegalArgumentException("image is empty");
    }
    BufferedImage bgr = image;
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      var g = bgr.createGraphics();
      g.drawImage(image, 0, 0, null);
      g.dispose();
    }
    byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    Mat mat = new Mat(image.getHeight(), image.getWidth(), CvType.CV_8UC3);
    mat.put(0, 0, pixels);
    return mat;
  }
}
