package dev.scenelabeler.models;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Deterministic synthetic frames: a street-like layout of flat colour bands with a gradient. */
final class TestImages {
  private TestImages() {}

  static Mat street(int width, int height, int channels) {
    OpenCv.load();
    byte[] pixels = new byte[width * height * channels];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int band = y * 3 / Math.max(1, height); // sky, buildings, road
        int base = (y * 4 + x * 2 + band * 60) & 0xFF;
        for (int c = 0; c < channels; c++) {
          pixels[(y * width + x) * channels + c] = (byte) (base + 40 * c * band);
        }
      }
    }
    Mat mat = new Mat(height, width, CvType.CV_8UC(channels));
    mat.put(0, 0, pixels);
    return mat;
  }
}
