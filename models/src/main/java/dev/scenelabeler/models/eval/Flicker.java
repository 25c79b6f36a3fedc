package dev.scenelabeler.models.eval;

import java.util.Arrays;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.DISOpticalFlow;

/**
 * Flicker of per-pixel labels over a video: the share of pixels whose class in mask t differs from
 * the class of mask t+1 at the place dense optical flow (OpenCV DIS, medium preset) moves them to,
 * counting only pixels whose flow passes a forward-backward check (|forward + backward| < 1 px,
 * backward flow sampled bilinearly where the forward flow lands) and lands inside the frame. It is
 * 1 - temporal consistency in the sense of VSPW (Miao et al., CVPR 2021), per pixel. Per class: by
 * the class of mask t. Also counts the raw change between consecutive masks (no flow).
 *
 * <p>Feed frames in order with {@link #add}; masks are class indices, row-major, frame-sized. Not
 * thread-safe. Call OpenCv.load() first.
 */
public final class Flicker implements AutoCloseable {

  /** Forward-backward error bound in pixels: larger means occlusion or a wrong flow. */
  static final double MAX_ROUND_TRIP_PX = 1.0;

  private final int classCount;
  private final DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM);
  private final long[] classReliable;
  private final long[] classChanged;
  private final long[] classPixels;
  private long pixels;
  private Mat previousGrey;
  private byte[] previousMask;
  private int frames;
  private int pairs;
  private double flickerSum;
  private double reliableSum;
  private double rawSum;

  public Flicker(int classCount) {
    this.classCount = classCount;
    this.classReliable = new long[classCount];
    this.classChanged = new long[classCount];
    this.classPixels = new long[classCount];
  }

  /** Counts of one frame pair. */
  record PairCounts(long pixels, long reliable, long changed, long rawChanged) {}

  /**
   * Adds the next frame (BGR or grey, 8-bit; not kept) and its mask, comparing it with the previous
   * one.
   */
  public void add(Mat frame, byte[] mask) {
    if (mask.length != (long) frame.rows() * frame.cols()) {
      throw new IllegalArgumentException(
          "mask has " + mask.length + " pixels, frame is " + frame.cols() + "x" + frame.rows());
    }
    for (byte c : mask) {
      int k = c & 0xFF;
      if (k < classCount) {
        classPixels[k]++;
      }
    }
    pixels += mask.length;
    Mat grey = grey(frame);
    if (previousGrey != null) {
      PairCounts counts = compare(previousGrey, grey, previousMask, mask);
      pairs++;
      flickerSum += counts.reliable() == 0 ? 0 : (double) counts.changed() / counts.reliable();
      reliableSum += (double) counts.reliable() / counts.pixels();
      rawSum += (double) counts.rawChanged() / counts.pixels();
      previousGrey.release();
    }
    previousGrey = grey;
    previousMask = mask.clone();
    frames++;
  }

  public FlickerReport report() {
    double[] perClass = new double[classCount];
    for (int c = 0; c < classCount; c++) {
      perClass[c] =
          classReliable[c] == 0 ? Double.NaN : (double) classChanged[c] / classReliable[c];
    }
    double[] shares = new double[classCount];
    for (int c = 0; c < classCount; c++) {
      shares[c] = pixels == 0 ? 0 : (double) classPixels[c] / pixels;
    }
    double n = Math.max(pairs, 1);
    return new FlickerReport(
        frames,
        pairs,
        flickerSum / n,
        reliableSum / n,
        rawSum / n,
        perClass,
        Arrays.copyOf(classReliable, classCount),
        shares);
  }

  /** Compares one pair of grey frames and their masks, adding to the per-class counts. */
  PairCounts compare(Mat greyT, Mat greyT1, byte[] maskT, byte[] maskT1) {
    return count(
        flow(greyT, greyT1), flow(greyT1, greyT), greyT.cols(), greyT.rows(), maskT, maskT1);
  }

  /**
   * Counts one pair from its flows (interleaved dx, dy per pixel, t to t+1 and t+1 to t), adding to
   * the per-class counts.
   */
  PairCounts count(float[] forward, float[] backward, int w, int h, byte[] maskT, byte[] maskT1) {
    long reliable = 0;
    long changed = 0;
    long raw = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int classT = maskT[i] & 0xFF;
        if (classT != (maskT1[i] & 0xFF)) {
          raw++;
        }
        float fx = forward[2 * i];
        float fy = forward[2 * i + 1];
        float tx = x + fx;
        float ty = y + fy;
        // Landing outside the frame: the pixel left the view, nothing to compare with.
        if (tx < 0 || ty < 0 || tx > w - 1 || ty > h - 1) {
          continue;
        }
        float bx = bilinear(backward, w, h, tx, ty, 0);
        float by = bilinear(backward, w, h, tx, ty, 1);
        double ex = fx + bx;
        double ey = fy + by;
        if (ex * ex + ey * ey >= MAX_ROUND_TRIP_PX * MAX_ROUND_TRIP_PX) {
          continue;
        }
        int j = Math.round(ty) * w + Math.round(tx);
        boolean differs = classT != (maskT1[j] & 0xFF);
        reliable++;
        if (differs) {
          changed++;
        }
        if (classT < classCount) {
          classReliable[classT]++;
          if (differs) {
            classChanged[classT]++;
          }
        }
      }
    }
    return new PairCounts((long) w * h, reliable, changed, raw);
  }

  /** Dense flow from {@code from} to {@code to}, as interleaved (dx, dy) per pixel. */
  private float[] flow(Mat from, Mat to) {
    Mat flow = new Mat();
    try {
      dis.calc(from, to, flow);
      float[] values = new float[(int) flow.total() * 2];
      flow.get(0, 0, values);
      return values;
    } finally {
      flow.release();
    }
  }

  private static float bilinear(float[] flow, int w, int h, float x, float y, int channel) {
    int x0 = (int) x;
    int y0 = (int) y;
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    float ax = x - x0;
    float ay = y - y0;
    float top =
        (1 - ax) * flow[2 * (y0 * w + x0) + channel] + ax * flow[2 * (y0 * w + x1) + channel];
    float bottom =
        (1 - ax) * flow[2 * (y1 * w + x0) + channel] + ax * flow[2 * (y1 * w + x1) + channel];
    return (1 - ay) * top + ay * bottom;
  }

  private static Mat grey(Mat frame) {
    if (frame.depth() != CvType.CV_8U) {
      throw new IllegalArgumentException(
          "frames must be 8-bit, got " + CvType.typeToString(frame.type()));
    }
    Mat grey = new Mat();
    switch (frame.channels()) {
      case 1 -> frame.copyTo(grey);
      case 3 -> Imgproc.cvtColor(frame, grey, Imgproc.COLOR_BGR2GRAY);
      case 4 -> Imgproc.cvtColor(frame, grey, Imgproc.COLOR_BGRA2GRAY);
      default -> throw new IllegalArgumentException(frame.channels() + "-channel frames");
    }
    return grey;
  }

  @Override
  public void close() {
    if (previousGrey != null) {
      previousGrey.release();
      previousGrey = null;
    }
  }
}
