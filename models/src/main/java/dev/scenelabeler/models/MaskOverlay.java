package dev.scenelabeler.models;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Draws masks as pictures with the project's palette: a colour mask, or a blend over the frame. */
public final class MaskOverlay {

  private MaskOverlay() {}

  /** The mask in palette colours, as a BGR Mat of the mask's size. */
  public static Mat colours(SceneMask mask) {
    byte[] bgr = new byte[mask.classes().length * 3];
    byte[][] palette = paletteBgr();
    byte[] classes = mask.classes();
    for (int i = 0; i < classes.length; i++) {
      byte[] colour = palette[Math.min(classes[i] & 0xFF, LabelSet.NUM_CLASSES)];
      bgr[3 * i] = colour[0];
      bgr[3 * i + 1] = colour[1];
      bgr[3 * i + 2] = colour[2];
    }
    Mat out = new Mat(mask.height(), mask.width(), CvType.CV_8UC3);
    out.put(0, 0, bgr);
    return out;
  }

  /** The frame with the palette colour of each pixel's class blended in at {@code opacity} (0..1). */
  public static Mat blend(Mat frameBgr, SceneMask mask, double opacity) {
    if (frameBgr.cols() != mask.width() || frameBgr.rows() != mask.height()) {
      throw new IllegalArgumentException("frame is " + frameBgr.cols() + "x" + frameBgr.rows() + " but mask is "
          + mask.width() + "x" + mask.height());
    }
    byte[] pixels = new byte[(int) frameBgr.total() * 3];
    frameBgr.get(0, 0, pixels);
    byte[][] palette = paletteBgr();
    byte[] classes = mask.classes();
    int alpha = (int) Math.round(Math.max(0, Math.min(1, opacity)) * 256);
    for (int i = 0; i < classes.length; i++) {
      byte[] colour = palette[Math.min(classes[i] & 0xFF, LabelSet.NUM_CLASSES)];
      for (int ch = 0; ch < 3; ch++) {
        int base = pixels[3 * i + ch] & 0xFF;
        pixels[3 * i + ch] = (byte) ((base * (256 - alpha) + (colour[ch] & 0xFF) * alpha) >> 8);
      }
    }
    Mat out = new Mat(frameBgr.rows(), frameBgr.cols(), CvType.CV_8UC3);
    out.put(0, 0, pixels);
    return out;
  }

  /** BGR bytes per class, plus black for void at index NUM_CLASSES. */
  private static byte[][] paletteBgr() {
    byte[][] palette = new byte[LabelSet.NUM_CLASSES + 1][];
    for (int c = 0; c < LabelSet.NUM_CLASSES; c++) {
      int rgb = LabelSet.rgb(c);
      palette[c] = new byte[] {(byte) rgb, (byte) (rgb >> 8), (byte) (rgb >> 16)};
    }
    palette[LabelSet.NUM_CLASSES] = new byte[] {0, 0, 0};
    return palette;
  }
}
