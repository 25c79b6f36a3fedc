package dev.scenelabeler.models;

/**
 * The class map of a frame from the network's low-resolution scores: the scores resized once,
 * bilinearly (half-pixel centres, as PyTorch's align_corners=false and the ONNX graph's Resize),
 * to the frame's size, then the arg-max per pixel. The same result as resizing all the scores and
 * taking the arg-max, without the (classes x frame) float buffer:
 *
 * <p>an interpolated pixel is a convex combination of its four neighbouring score vectors, so
 * where all four have the same arg-max c, c is the arg-max of the mix (each term of
 * {@code sum w_i (s_i[c] - s_i[k])} is >= 0). Only pixels between score cells of different
 * classes, the class edges, are interpolated class by class; the rest is filled. A 1080p mask from
 * 160x90 scores then costs a few milliseconds rather than 12 M interpolated floats.
 */
final class ScoreResize {

  private ScoreResize() {}

  /**
   * @param scores (classes, height, width) logits of one frame, row-major, starting at {@code offset}
   * @return {@code outWidth x outHeight} class indices, the first class on ties
   */
  static byte[] argMaxResized(float[] scores, int offset, int classes, int width, int height, int outWidth,
      int outHeight) {
    int plane = width * height;
    byte[] top = argMaxPerCell(scores, offset, classes, plane);
    int[] x0 = new int[outWidth];
    int[] x1 = new int[outWidth];
    float[] fx = new float[outWidth];
    sourceCoordinates(width, outWidth, x0, x1, fx);
    int[] y0 = new int[outHeight];
    int[] y1 = new int[outHeight];
    float[] fy = new float[outHeight];
    sourceCoordinates(height, outHeight, y0, y1, fy);

    byte[] out = new byte[Math.multiplyExact(outWidth, outHeight)];
    byte[] uniform = new byte[width]; // per source column x: the class of cell (x, x+1) x (y0, y1), or -1
    long cachedRows = -1;
    for (int y = 0; y < outHeight; y++) {
      int row0 = y0[y] * width;
      int row1 = y1[y] * width;
      long rows = (long) row0 * plane + row1;
      if (rows != cachedRows) { // output rows between the same two score rows share it
        for (int x = 0; x < width; x++) {
          int right = Math.min(x + 1, width - 1);
          byte c = top[row0 + x];
          uniform[x] = c == top[row0 + right] && c == top[row1 + x] && c == top[row1 + right] ? c : -1;
        }
        cachedRows = rows;
      }
      int at = y * outWidth;
      float wy = fy[y];
      for (int x = 0; x < outWidth; x++) {
        byte c = uniform[x0[x]];
        out[at + x] = c >= 0 ? c : interpolatedArgMax(scores, offset, classes, plane, row0, row1, x0[x], x1[x], fx[x], wy);
      }
    }
    return out;
  }

  private static byte[] argMaxPerCell(float[] scores, int offset, int classes, int plane) {
    byte[] top = new byte[plane];
    for (int p = 0; p < plane; p++) {
      int best = 0;
      float bestScore = scores[offset + p];
      for (int c = 1; c < classes; c++) {
        float s = scores[offset + c * plane + p];
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      top[p] = (byte) best;
    }
    return top;
  }

  private static byte interpolatedArgMax(float[] scores, int offset, int classes, int plane, int row0, int row1,
      int x0, int x1, float wx, float wy) {
    int best = 0;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      int base = offset + c * plane;
      float upper = scores[base + row0 + x0] + wx * (scores[base + row0 + x1] - scores[base + row0 + x0]);
      float lower = scores[base + row1 + x0] + wx * (scores[base + row1 + x1] - scores[base + row1 + x0]);
      float s = upper + wy * (lower - upper);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return (byte) best;
  }

  /**
   * Half-pixel source coordinates (ONNX pytorch_half_pixel): {@code (i + 0.5) * in / out - 0.5},
   * clamped at 0, as its two neighbours and the weight of the second. An output of length 1
   * samples source 0, as that mode defines.
   */
  static void sourceCoordinates(int in, int out, int[] lo, int[] hi, float[] weight) {
    double scale = in / (double) out;
    for (int i = 0; i < out; i++) {
      double s = out == 1 ? 0 : Math.max(0, (i + 0.5) * scale - 0.5);
      int l = Math.min((int) s, in - 1);
      lo[i] = l;
      hi[i] = Math.min(l + 1, in - 1);
      weight[i] = (float) (s - l);
    }
  }
}
