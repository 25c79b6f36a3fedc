package dev.scenelabeler.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.eval.Flicker.PairCounts;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class FlickerTest {

  private static final int W = 200;
  private static final int H = 150;
  private static final int SHIFT = 3;
  private static final int MARGIN = 8;

  @BeforeAll
  static void loadOpenCv() {
    OpenCv.load();
  }

  /** Blurred noise wider than a frame: enough texture for the flow to lock onto everywhere. */
  private static Mat texture() {
    Mat noise = new Mat(H, W + 2 * MARGIN, CvType.CV_8UC3);
    Core.setRNGSeed(7);
    Core.randu(noise, 0, 256);
    Mat smooth = new Mat();
    Imgproc.GaussianBlur(noise, smooth, new Size(0, 0), 1.5);
    noise.release();
    return smooth;
  }

  /** Sky above, road below, a building band by column: all fixed to the scene, not the frame. */
  private static byte[] sceneMask(int offset) {
    byte[] mask = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int sceneX = x + offset;
        int c = y < H / 2 ? 0 : 2;
        if (sceneX >= 140 && sceneX < 170) {
          c = 3;
        }
        mask[y * W + x] = (byte) c;
      }
    }
    return mask;
  }

  /** The frame starting at scene column {@code offset}; a smaller offset moves content right. */
  private static Mat frame(Mat scene, int offset) {
    return scene.colRange(offset, offset + W).clone();
  }

  private static FlickerReport measure(byte[] maskT1) {
    Mat scene = texture();
    Mat t = frame(scene, MARGIN);
    Mat t1 = frame(scene, MARGIN - SHIFT);
    try (Flicker flicker = new Flicker(6)) {
      flicker.add(t, sceneMask(MARGIN));
      flicker.add(t1, maskT1);
      return flicker.report();
    } finally {
      scene.release();
      t.release();
      t1.release();
    }
  }

  @Test
  void aMaskThatMovesWithTheSceneDoesNotFlicker() {
    FlickerReport report = measure(sceneMask(MARGIN - SHIFT));

    assertThat(report.pairs()).isEqualTo(1);
    assertThat(report.reliableShare()).isGreaterThan(0.9);
    assertThat(report.flicker()).isLessThan(0.01);
    // Without the flow the moved band boundaries count as change.
    assertThat(report.rawChange()).isGreaterThan(0.02);
  }

  @Test
  void aRegionWhoseClassFlipsFlickersByItsShare() {
    byte[] maskT1 = sceneMask(MARGIN - SHIFT);
    // A 40x30 block of sky in frame t+1 (sky rows, left of the building band) turns pedestrian.
    int blockW = 40;
    int blockH = 30;
    for (int y = 20; y < 20 + blockH; y++) {
      Arrays.fill(maskT1, y * W + 40, y * W + 40 + blockW, (byte) 4);
    }

    FlickerReport report = measure(maskT1);

    long reliable = Arrays.stream(report.classReliablePixels()).sum();
    double expected = (double) blockW * blockH / reliable;
    assertThat(report.flicker()).isCloseTo(expected, within(0.005));
    double expectedSky = (double) blockW * blockH / report.classReliablePixels()[0];
    assertThat(report.classFlicker()[0]).isCloseTo(expectedSky, within(0.01));
    assertThat(report.classFlicker()[2]).isLessThan(0.01);
    assertThat(report.classFlicker()[4]).isNaN();
  }

  @Test
  void pixelsFailingTheForwardBackwardCheckAreNotCounted() {
    int w = 20;
    int h = 10;
    float[] forward = new float[2 * w * h];
    float[] backward = new float[2 * w * h];
    byte[] maskT = new byte[w * h];
    byte[] maskT1 = new byte[w * h];
    for (int i = 0; i < w * h; i++) {
      forward[2 * i] = 2;
      backward[2 * i] = -2;
    }
    // Where t's columns 5..9 land (7..11 in t+1), the way back misses by 1.5 px: occluded.
    for (int y = 0; y < h; y++) {
      for (int x = 7; x <= 11; x++) {
        backward[2 * (y * w + x)] = -0.5f;
        maskT1[y * w + x] = 1;
      }
    }

    PairCounts counts = new Flicker(2).count(forward, backward, w, h, maskT, maskT1);

    // 18 columns land inside the frame (t+1 columns 2..19); 5 of them fail the check.
    assertThat(counts.changed()).isZero();
    assertThat(counts.reliable()).isEqualTo((long) (18 - 5) * h);
    assertThat(counts.rawChanged()).isEqualTo(5L * h);
  }
}
