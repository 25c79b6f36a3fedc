package dev.scenelabeler.models;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** How far apart two 3-channel images are, for tests of image transforms. */
public final class ImageDifference {

  private ImageDifference() {}

  /** The mean absolute difference per channel value, in grey levels (0 = equal). */
  public static double meanAbsolute(Mat a, Mat b) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    Scalar mean = Core.mean(diff);
    diff.release();
    return (mean.val[0] + mean.val[1] + mean.val[2]) / 3;
  }
}
