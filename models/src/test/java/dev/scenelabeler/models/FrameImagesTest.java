package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class FrameImagesTest {

  @BeforeAll
  static void load() {
    OpenCv.load();
  }

  @Test
  void shouldAverageWhenShrinkingSoFineDetailDoesNotAlias() {
    // One-pixel stripes, black and white, shrunk 3x (1080p to 360): bilinear sampling would keep
    // pure black or white columns (aliasing); averaging gives greys between.
    Mat stripes = new Mat(1080, 1920, CvType.CV_8UC3);
    byte[] pixels = new byte[1920 * 1080 * 3];
    for (int i = 0; i < 1920 * 1080; i++) {
      byte v = (byte) ((i % 1920) % 2 == 0 ? 0 : 255);
      pixels[3 * i] = v;
      pixels[3 * i + 1] = v;
      pixels[3 * i + 2] = v;
    }
    stripes.put(0, 0, pixels);
    Mat small = FrameImages.toNetworkInput(stripes, 640, 360);
    byte[] out = new byte[640 * 360 * 3];
    small.get(0, 0, out);
    for (byte b : out) {
      assertThat(b & 0xFF).isBetween(80, 175);
    }
  }

  @Test
  void shouldReturnACopyOfAFrameAlreadyAtTheSize() {
    Mat frame = TestImages.street(48, 32, 3);
    Mat same = FrameImages.toNetworkInput(frame, 48, 32);
    assertThat(same.nativeObj).isNotEqualTo(frame.nativeObj);
    byte[] a = new byte[48 * 32 * 3];
    byte[] b = new byte[48 * 32 * 3];
    frame.get(0, 0, a);
    same.get(0, 0, b);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void shouldConvertGreyToBgrAtTheSameSize() {
    Mat grey = TestImages.street(16, 8, 1);
    Mat bgr = FrameImages.toNetworkInput(grey, 16, 8);
    assertThat(bgr.channels()).isEqualTo(3);
    assertThat(bgr.cols()).isEqualTo(16);
  }
}
