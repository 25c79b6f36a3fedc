package dev.scenelabeler.models;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The network's class scores (logits) for one frame at the network's stride-4 resolution, before
 * any arg-max: what a temporal filter blends from frame to frame. Plain Java data, no native
 * memory.
 *
 * @param frameWidth the frame's own width, the size its mask gets
 * @param frameHeight the frame's own height
 * @param classes the model's class count
 * @param scoreWidth width of the score grid (the working width / 4)
 * @param scoreHeight height of the score grid
 * @param logits {@code classes x scoreHeight x scoreWidth}, row-major per class plane
 * @param grey the frame in grey, area-averaged to the score grid ({@code scoreHeight x
 *     scoreWidth}): what a filter's optical flow runs on
 */
public record FrameScores(
    int frameWidth,
    int frameHeight,
    int classes,
    int scoreWidth,
    int scoreHeight,
    float[] logits,
    byte[] grey) {

  public FrameScores {
    if ((long) classes * scoreWidth * scoreHeight != logits.length) {
      throw new IllegalArgumentException(
          logits.length
              + " scores for "
              + classes
              + " classes of "
              + scoreWidth
              + "x"
              + scoreHeight);
    }
    if (grey.length != scoreWidth * scoreHeight) {
      throw new IllegalArgumentException(
          grey.length + " grey cells for a grid of " + scoreWidth + "x" + scoreHeight);
    }
  }

  public int cells() {
    return scoreWidth * scoreHeight;
  }

  /** Softmax over the classes of each cell: {@code classes x cells}, each cell summing to 1. */
  public float[] probabilities() {
    int cells = cells();
    float[] p = new float[logits.length];
    for (int i = 0; i < cells; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[c * cells + i]);
      }
      float sum = 0;
      for (int c = 0; c < classes; c++) {
        float e = exp(logits[c * cells + i] - max);
        p[c * cells + i] = e;
        sum += e;
      }
      for (int c = 0; c < classes; c++) {
        p[c * cells + i] /= sum;
      }
    }
    return p;
  }

  /**
   * e^x for x <= 0 to 2e-4 relative (2^x as a power of two times a cubic in the fraction): cheaper
   * than Math.exp, which a softmax of every cell of every frame notices (0.6 to 0.4 ms for 120x90
   * cells, one profile on this machine).
   */
  static float exp(float x) {
    float y = Math.max(x, -80f) * 1.442695f; // log2(e)
    float n = (float) Math.floor(y);
    float f = y - n;
    // 2^f on [0, 1): a minimax cubic
    float p = 1f + f * (0.6960656f + f * (0.22449434f + f * 0.079440236f));
    return Float.intBitsToFloat(((int) n + 127) << 23) * p;
  }

  /**
   * The frame's mask from these scores as they are, what the labeler gives without a filter: the
   * scores resized to the frame and arg-maxed, the confidence the mean top softmax probability.
   */
  public SceneMask toMask() {
    return maskOf(logits, meanTopProbability(probabilities(), classes, cells()));
  }

  /**
   * A mask of this frame's size from {@code planes} ({@code classes x cells}, logits or
   * probabilities alike: the arg-max of a bilinear mix is taken per pixel, {@link ScoreResize}).
   */
  public SceneMask maskOf(float[] planes, float confidence) {
    long[] counts = new long[classes];
    byte[] map =
        ScoreResize.argMaxResized(
            planes, 0, classes, scoreWidth, scoreHeight, frameWidth, frameHeight, counts);
    float[] fractions = new float[classes];
    for (int k = 0; k < classes; k++) {
      fractions[k] = (float) counts[k] / map.length;
    }
    return new SceneMask(frameWidth, frameHeight, map, fractions, confidence);
  }

  /** The mean over cells of the largest class probability. */
  public static float meanTopProbability(float[] probabilities, int classes, int cells) {
    double sum = 0;
    for (int i = 0; i < cells; i++) {
      float top = 0;
      for (int c = 0; c < classes; c++) {
        top = Math.max(top, probabilities[c * cells + i]);
      }
      sum += top;
    }
    return (float) (sum / cells);
  }

  /** The frame in grey, area-averaged to the score grid. */
  public static byte[] greyAtGrid(Mat frame, int w, int h) {
    Mat small = new Mat();
    Mat grey = new Mat();
    try {
      Imgproc.resize(frame, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
      switch (small.channels()) {
        case 1 -> small.copyTo(grey);
        case 3 -> Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
        case 4 -> Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGRA2GRAY);
        default -> throw new IllegalArgumentException(small.channels() + "-channel frame");
      }
      byte[] values = new byte[w * h];
      grey.get(0, 0, values);
      return values;
    } finally {
      small.release();
      grey.release();
    }
  }
}
