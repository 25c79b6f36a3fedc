package dev.scenelabeler.models;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Draws masks as pictures in their label set's palette: a colour mask, or a blend over the frame.
 */
public final class MaskOverlay {

  private MaskOverlay() {}

  /**
   * The mask in palette colours, as a BGR Mat of the mask's size; void and unknown classes black.
   */
  public static Mat colours(SceneMask mask, LabelSet labels) {
    byte[] bgr = new byte[mask.classes().length * 3];
    byte[][] palette = paletteBgr(labels);
    byte[] classes = mask.classes();
    for (int i = 0; i < classes.length; i++) {
      byte[] colour = palette[Math.min(classes[i] & 0xFF, palette.length - 1)];
      bgr[3 * i] = colour[0];
      bgr[3 * i + 1] = colour[1];
      bgr[3 * i + 2] = colour[2];
    }
    Mat out = new Mat(mask.height(), mask.width(), CvType.CV_8UC3);
    out.put(0, 0, bgr);
    return out;
  }

  /**
   * The frame with the palette colour of each pixel's class blended in at {@code opacity} (0..1).
   */
  public static Mat blend(Mat frameBgr, SceneMask mask, LabelSet labels, double opacity) {
    if (frameBgr.cols() != mask.width() || frameBgr.rows() != mask.height()) {
      throw new IllegalArgumentException(
          "frame is "
              + frameBgr.cols()
              + "x"
              + frameBgr.rows()
              + " but mask is "
              + mask.width()
              + "x"
              + mask.height());
    }
    byte[] pixels = new byte[(int) frameBgr.total() * 3];
    frameBgr.get(0, 0, pixels);
    byte[][] palette = paletteBgr(labels);
    byte[] classes = mask.classes();
    int alpha = (int) Math.round(Math.max(0, Math.min(1, opacity)) * 256);
    for (int i = 0; i < classes.length; i++) {
      byte[] colour = palette[Math.min(classes[i] & 0xFF, palette.length - 1)];
      for (int ch = 0; ch < 3; ch++) {
        int base = pixels[3 * i + ch] & 0xFF;
        pixels[3 * i + ch] = (byte) ((base * (256 - alpha) + (colour[ch] & 0xFF) * alpha) >> 8);
      }
    }
    Mat out = new Mat(frameBgr.rows(), frameBgr.cols(), CvType.CV_8UC3);
    out.put(0, 0, pixels);
    return out;
  }

  /** BGR bytes per class, plus black (for void and anything unknown) at the last index. */
  private static byte[][] paletteBgr(LabelSet labels) {
    byte[][] palette = new byte[labels.size() + 1][];
    for (int c = 0; c < labels.size(); c++) {
      int rgb = labels.rgb(c);
      palette[c] = new byte[] {(byte) rgb, (byte) (rgb >> 8), (byte) (rgb >> 16)};
    }
    palette[labels.size()] = new byte[] {0, 0, 0};
    return palette;
  }
}
