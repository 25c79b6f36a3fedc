package dev.scenelabeler.connectors.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class DisplayOrientationTest {

  /** 2 rows x 3 columns: 1 2 3 / 4 5 6. */
  private static Mat stored;

  @BeforeAll
  static void load() {
    OpenCvNatives.ensureLoaded();
    stored = new Mat(2, 3, CvType.CV_8UC1);
    stored.put(0, 0, new byte[] {1, 2, 3, 4, 5, 6});
  }

  @Test
  void shouldTurnAsTheDisplayMatrixSaysCounterClockwise() {
    // A matrix whose av_display_rotation_get is a: shown turned a degrees counter-clockwise
    // (ffmpeg, ffplay).
    assertThat(turned(matrix(0))).isEqualTo(new int[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(turned(matrix(90))).isEqualTo(new int[][] {{3, 6}, {2, 5}, {1, 4}});
    assertThat(turned(matrix(180))).isEqualTo(new int[][] {{6, 5, 4}, {3, 2, 1}});
    assertThat(turned(matrix(-90))).isEqualTo(new int[][] {{4, 1}, {5, 2}, {6, 3}});
    assertThat(turned(matrix(270))).isEqualTo(new int[][] {{4, 1}, {5, 2}, {6, 3}});
  }

  @Test
  void shouldMirrorWhenTheMatrixFlips() {
    int[] m = matrix(0);
    avutil.av_display_matrix_flip(m, 1, 0); // horizontal flip
    assertThat(turned(m)).isEqualTo(new int[][] {{3, 2, 1}, {6, 5, 4}});
    int[] v = matrix(0);
    avutil.av_display_matrix_flip(v, 0, 1); // vertical flip
    assertThat(turned(v)).isEqualTo(new int[][] {{4, 5, 6}, {1, 2, 3}});
  }

  @Test
  void shouldTurnAsTheExifOrientationSays() {
    assertThat(exif(1)).isEqualTo(new int[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(exif(3)).isEqualTo(new int[][] {{6, 5, 4}, {3, 2, 1}});
    assertThat(exif(6))
        .as("6: rotate 90 clockwise")
        .isEqualTo(new int[][] {{4, 1}, {5, 2}, {6, 3}});
    assertThat(exif(8))
        .as("8: rotate 90 counter-clockwise")
        .isEqualTo(new int[][] {{3, 6}, {2, 5}, {1, 4}});
    assertThat(exif(5)).as("5: transpose").isEqualTo(new int[][] {{1, 4}, {2, 5}, {3, 6}});
    assertThat(exif(7)).as("7: transverse").isEqualTo(new int[][] {{6, 3}, {5, 2}, {4, 1}});
    assertThat(DisplayOrientation.fromExif(6).displayWidth(640, 480)).isEqualTo(480);
  }

  private static int[] matrix(double counterClockwiseDegrees) {
    int[] m = new int[9];
    // av_display_rotation_set takes clockwise degrees; av_display_rotation_get gives
    // counter-clockwise ones.
    avutil.av_display_rotation_set(m, -counterClockwiseDegrees);
    return m;
  }

  private static int[][] turned(int[] matrix) {
    return rows(
        DisplayOrientation.fromDisplayMatrix(matrix, avutil.av_display_rotation_get(matrix))
            .applyCopy(stored));
  }

  private static int[][] exif(int orientation) {
    return rows(DisplayOrientation.fromExif(orientation).applyCopy(stored));
  }

  private static int[][] rows(Mat mat) {
    int[][] rows = new int[mat.rows()][mat.cols()];
    byte[] row = new byte[mat.cols()];
    for (int r = 0; r < mat.rows(); r++) {
      mat.get(r, 0, row);
      for (int c = 0; c < row.length; c++) {
        rows[r][c] = row[c];
      }
    }
    mat.release();
    return rows;
  }
}
