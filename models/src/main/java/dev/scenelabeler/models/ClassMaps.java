package dev.scenelabeler.models;

/** Operations on class-index maps held as row-major byte arrays. */
public final class ClassMaps {
  private ClassMaps() {}

  /** Nearest-neighbour resize; class indices must never be interpolated. */
  public static byte[] resizeNearest(
      byte[] classes, int width, int height, int newWidth, int newHeight) {
    byte[] out = new byte[Math.multiplyExact(newWidth, newHeight)];
    int[] sourceX = new int[newWidth];
    for (int x = 0; x < newWidth; x++) {
      sourceX[x] = (int) Math.min(width - 1, ((2L * x + 1) * width) / (2L * newWidth));
    }
    for (int y = 0; y < newHeight; y++) {
      int sourceRow =
          (int) Math.min(height - 1, ((2L * y + 1) * height) / (2L * newHeight)) * width;
      int row = y * newWidth;
      for (int x = 0; x < newWidth; x++) {
        out[row + x] = classes[sourceRow + sourceX[x]];
      }
    }
    return out;
  }
}
