package dev.scenelabeler.models;

import java.util.Arrays;

/**
 * One labeled frame as plain Java data: a class index per pixel (row-major, {@code width * height}
 * bytes, values 0..classes-1 of the model's {@link LabelSet}), the share of pixels per class (one
 * entry per class, 0..1), and the mean softmax confidence of the chosen classes (0..1). Holds no
 * native memory.
 */
public record SceneMask(
    int width, int height, byte[] classes, float[] classFractions, float meanConfidence) {

  public SceneMask {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
    }
    if (classes.length != (long) width * height) {
      throw new IllegalArgumentException(
          "mask has " + classes.length + " pixels, expected " + width + "x" + height);
    }
    if (classFractions.length == 0 || classFractions.length >= LabelSet.VOID) {
      throw new IllegalArgumentException(
          "expected 1 to "
              + (LabelSet.VOID - 1)
              + " class fractions, got "
              + classFractions.length);
    }
  }

  /**
   * Builds a mask from class indices of a {@code classCount}-class label set, counting the
   * per-class fractions.
   */
  public static SceneMask of(
      int width, int height, byte[] classes, int classCount, float meanConfidence) {
    return new SceneMask(width, height, classes, fractionsOf(classes, classCount), meanConfidence);
  }

  /** How many classes the label set of this mask has. */
  public int classCount() {
    return classFractions.length;
  }

  public int classAt(int x, int y) {
    return classes[y * width + x] & 0xFF;
  }

  /**
   * Share of each of {@code classCount} classes among all pixels (void pixels count toward none).
   */
  public static float[] fractionsOf(byte[] classes, int classCount) {
    long[] counts = new long[classCount];
    for (byte c : classes) {
      int k = c & 0xFF;
      if (k < classCount) {
        counts[k]++;
      }
    }
    float[] fractions = new float[classCount];
    for (int k = 0; k < fractions.length; k++) {
      fractions[k] = classes.length == 0 ? 0f : (float) counts[k] / classes.length;
    }
    return fractions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SceneMask m
        && width == m.width
        && height == m.height
        && Float.compare(meanConfidence, m.meanConfidence) == 0
        && Arrays.equals(classes, m.classes)
        && Arrays.equals(classFractions, m.classFractions);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(classes);
  }

  @Override
  public String toString() {
    return "SceneMask["
        + width
        + "x"
        + height
        + ", fractions="
        + Arrays.toString(classFractions)
        + ", meanConfidence="
        + meanConfidence
        + "]";
  }
}
