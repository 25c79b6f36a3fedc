package dev.scenelabeler.models;

import java.util.Arrays;

/**
 * The class map of a frame from the network's low-resolution scores: the scores resized once,
 * bilinearly (half-pixel centres, as PyTorch's align_corners=false and the ONNX graph's Resize), to
 * the frame's size, then the arg-max per pixel. The same result as resizing all the scores and
 * taking the arg-max, without the (classes x frame) float buffer:
 *
 * <p>an interpolated pixel is a convex combination of its four neighbouring score vectors, so where
 * all four have the same arg-max c, c is the arg-max of the mix (each term of {@code sum w_i
 * (s_i[c] - s_i[k])} is >= 0). Only pixels between score cells of different classes, the class
 * edges, are interpolated class by class; the rest is filled. A 1080p mask from 160x90 scores then
 * costs a few milliseconds rather than 12 M interpolated floats.
 */
final class ScoreResize {

  private ScoreResize() {}

  /**
   * @param scores (classes, height, width) logits of one frame, row-major, starting at {@code
   *     offset}
   * @return {@code outWidth x outHeight} class indices, the first class on ties
   */
  static byte[] argMaxResized(
      float[] scores, int offset, int classes, int width, int height, int outWidth, int outHeight) {
    return argMaxResized(
        scores, offset, classes, width, height, outWidth, outHeight, new long[classes]);
  }

  /**
   * As above, adding to {@code counts} the pixels of each class (for the mask's class fractions, in
   * the same pass).
   */
  static byte[] argMaxResized(
      float[] scores,
      int offset,
      int classes,
      int width,
      int height,
      int outWidth,
      int outHeight,
      long[] counts) {
    int plane = width * height;
    byte[] top = argMaxPerCell(scores, offset, classes, plane);
    int[] x0 = new int[outWidth];
    int[] x1 = new int[outWidth];
    float[] fx = new float[outWidth];
    sourceCoordinates(width, outWidth, x0, x1, fx);
    int[] firstX = firstOutputOfEachColumn(x0, width, outWidth);
    int[] y0 = new int[outHeight];
    int[] y1 = new int[outHeight];
    float[] fy = new float[outHeight];
    sourceCoordinates(height, outHeight, y0, y1, fy);

    byte[] out = new byte[Math.multiplyExact(outWidth, outHeight)];
    byte[] uniform =
        new byte[width]; // per source column x: the class of cell (x, x+1) x (y0, y1), or -1
    float[] cellMix =
        new float[2 * classes]; // an edge cell's two columns, mixed vertically, per class
    long cachedRows = -1;
    for (int y = 0; y < outHeight; y++) {
      int row0 = y0[y] * width;
      int row1 = y1[y] * width;
      long rows = (long) row0 * plane + row1;
      if (rows != cachedRows) { // output rows between the same two score rows share it
        for (int x = 0; x < width; x++) {
          int right = Math.min(x + 1, width - 1);
          byte c = top[row0 + x];
          boolean same = c == top[row0 + right] && c == top[row1 + x] && c == top[row1 + right];
          uniform[x] = same ? c : -1;
        }
        cachedRows = rows;
      }
      int at = y * outWidth;
      for (int col = 0; col < width; col++) {
        int from = firstX[col];
        int to = firstX[col + 1];
        if (from == to) {
          continue;
        }
        byte c = uniform[col];
        if (c >= 0) {
          Arrays.fill(out, at + from, at + to, c);
          counts[c] += to - from;
        } else { // every output x of this column has x0 = col and x1 = min(col + 1, width - 1)
          mixCell(
              scores,
              offset,
              classes,
              plane,
              row0 + col,
              row1 + col,
              x1[from] - col,
              fy[y],
              cellMix);
          for (int x = from; x < to; x++) {
            byte k = argMaxAcross(cellMix, classes, fx[x]);
            out[at + x] = k;
            counts[k]++;
          }
        }
      }
    }
    return out;
  }

  /**
   * For each source column, the first output x that samples it (x0 never decreases); one more entry
   * ends the last.
   */
  private static int[] firstOutputOfEachColumn(int[] x0, int width, int outWidth) {
    int[] first = new int[width + 1];
    int x = 0;
    for (int col = 0; col <= width; col++) {
      while (x < outWidth && x0[x] < col) {
        x++;
      }
      first[col] = x;
    }
    return first;
  }

  /**
   * The scores of columns (at0, at0 + right) mixed vertically between rows 0 and 1 by {@code wy},
   * per class.
   */
  private static void mixCell(
      float[] scores,
      int offset,
      int classes,
      int plane,
      int at0,
      int at1,
      int right,
      float wy,
      float[] cellMix) {
    for (int c = 0; c < classes; c++) {
      int base = offset + c * plane;
      float upperLeft = scores[base + at0];
      float upperRight = scores[base + at0 + right];
      cellMix[2 * c] = upperLeft + wy * (scores[base + at1] - upperLeft);
      cellMix[2 * c + 1] = upperRight + wy * (scores[base + at1 + right] - upperRight);
    }
  }

  private static byte argMaxAcross(float[] cellMix, int classes, float wx) {
    int best = 0;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      float left = cellMix[2 * c];
      float s = left + wx * (cellMix[2 * c + 1] - left);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return (byte) best;
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

  /**
   * Half-pixel source coordinates (ONNX pytorch_half_pixel): {@code (i + 0.5) * in / out - 0.5},
   * clamped at 0, as its two neighbours and the weight of the second. An output of length 1 samples
   * source 0, as that mode defines.
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
