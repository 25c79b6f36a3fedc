package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreResizeTest {

  private static final int CLASSES = 6;

  @ParameterizedTest(name = "{0}x{1} scores -> {2}x{3}")
  @CsvSource({
    "160, 90, 1920, 1080",
    "120, 90, 480, 360",
    "7, 5, 33, 61",
    "8, 6, 3, 2",
    "5, 4, 1, 1",
    "1, 1, 9, 4",
    "2, 1920, 7, 1000"
  })
  void shouldEqualTheArgMaxOfEveryClassResizedBilinearly(
      int width, int height, int outWidth, int outHeight) {
    float[] scores = blobs(width, height, new Random(width * 31L + height));
    byte[] fast = ScoreResize.argMaxResized(scores, 0, CLASSES, width, height, outWidth, outHeight);
    byte[] full = fullResizeThenArgMax(scores, width, height, outWidth, outHeight);
    assertThat(fast).isEqualTo(full);
    long[] counts = new long[CLASSES];
    ScoreResize.argMaxResized(scores, 0, CLASSES, width, height, outWidth, outHeight, counts);
    float[] fractions = SceneMask.fractionsOf(full, CLASSES);
    for (int c = 0; c < CLASSES; c++) {
      assertThat((float) counts[c] / full.length).as("class %d", c).isEqualTo(fractions[c]);
    }
  }

  @ParameterizedTest(name = "frame {0} of 3")
  @CsvSource({"0", "1", "2"})
  void shouldReadEachFrameOfABatchAtItsOffset(int frame) {
    int plane = 12 * 9;
    float[] batch = new float[3 * CLASSES * plane];
    for (int f = 0; f < 3; f++) {
      for (int p = 0; p < plane; p++) {
        batch[f * CLASSES * plane + (f + 1) * plane + p] =
            5f; // frame f scores class f + 1 everywhere
      }
    }
    byte[] classes =
        ScoreResize.argMaxResized(batch, frame * CLASSES * plane, CLASSES, 12, 9, 40, 30);
    for (byte c : classes) {
      assertThat(c).isEqualTo((byte) (frame + 1));
    }
  }

  @org.junit.jupiter.api.Test
  void shouldPlaceAnEdgeBetweenTwoScoreCellsSmoothlyNotInBlocks() {
    // Two columns of scores, class 0 on the left, class 1 on the right, upsampled 8x: the edge
    // falls in the middle (x = 8), where the interpolated scores cross, not at a block boundary.
    float[] scores = new float[CLASSES * 2];
    scores[0] = 1; // class 0 at x = 0
    scores[2 + 1] = 1; // class 1 at x = 1
    byte[] row = ScoreResize.argMaxResized(scores, 0, CLASSES, 2, 1, 16, 1);
    assertThat(row).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
  }

  /** Smooth random class fields, so that there are uniform regions and edges. */
  private static float[] blobs(int width, int height, Random random) {
    float[] scores = new float[CLASSES * width * height];
    for (int c = 0; c < CLASSES; c++) {
      double fx = random.nextDouble() * 0.5;
      double fy = random.nextDouble() * 0.5;
      double phase = random.nextDouble() * 6;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          scores[(c * height + y) * width + x] =
              (float) (Math.sin(fx * x + fy * y + phase) + 0.01 * random.nextGaussian());
        }
      }
    }
    return scores;
  }

  /**
   * The plain definition: every class's scores resized (half-pixel centres), then the arg-max per
   * pixel.
   */
  private static byte[] fullResizeThenArgMax(
      float[] scores, int width, int height, int outWidth, int outHeight) {
    byte[] out = new byte[outWidth * outHeight];
    for (int y = 0; y < outHeight; y++) {
      double sy = outHeight == 1 ? 0 : Math.max(0, (y + 0.5) * height / outHeight - 0.5);
      int y0 = Math.min((int) sy, height - 1);
      int y1 = Math.min(y0 + 1, height - 1);
      float wy = (float) (sy - y0);
      for (int x = 0; x < outWidth; x++) {
        double sx = outWidth == 1 ? 0 : Math.max(0, (x + 0.5) * width / outWidth - 0.5);
        int x0 = Math.min((int) sx, width - 1);
        int x1 = Math.min(x0 + 1, width - 1);
        float wx = (float) (sx - x0);
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
          int base = c * width * height;
          // vertical, then horizontal: the order ScoreResize mixes in, so that floats agree to the
          // bit
          float left =
              scores[base + y0 * width + x0]
                  + wy * (scores[base + y1 * width + x0] - scores[base + y0 * width + x0]);
          float right =
              scores[base + y0 * width + x1]
                  + wy * (scores[base + y1 * width + x1] - scores[base + y0 * width + x1]);
          float s = left + wx * (right - left);
          if (s > bestScore) {
            bestScore = s;
            best = c;
          }
        }
        out[y * outWidth + x] = (byte) best;
      }
    }
    return out;
  }
}
