package dev.scenelabeler.connectors.records;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The label set a mask was made with, carried in every mask record so a consumer can name and
 * colour the classes without knowing the model: class index i is {@code classNames.get(i)}, drawn
 * as {@code paletteRgb[i]} (0xRRGGBB).
 *
 * @param id names this set of classes, order and palette (e.g. "scene6-v1")
 */
public record LabelSetDescriptor(String id, List<String> classNames, int[] paletteRgb)
    implements Serializable {

  /** Class indices are bytes and 255 is reserved for "void", so at most 255 classes. */
  public static final int MAX_CLASSES = 255;

  public LabelSetDescriptor {
    Objects.requireNonNull(id, "id");
    classNames = List.copyOf(classNames);
    paletteRgb = paletteRgb.clone();
    if (classNames.isEmpty() || classNames.size() > MAX_CLASSES) {
      throw new IllegalArgumentException(
          "a label set has 1.." + MAX_CLASSES + " classes, got " + classNames.size());
    }
    if (paletteRgb.length != classNames.size()) {
      throw new IllegalArgumentException(
          "palette has " + paletteRgb.length + " colours for " + classNames.size() + " classes");
    }
  }

  public int classCount() {
    return classNames.size();
  }

  @Override
  public int[] paletteRgb() {
    return paletteRgb.clone();
  }

  public int rgb(int classIndex) {
    return paletteRgb[classIndex];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSetDescriptor other
        && id.equals(other.id)
        && classNames.equals(other.classNames)
        && Arrays.equals(paletteRgb, other.paletteRgb);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, classNames) * 31 + Arrays.hashCode(paletteRgb);
  }

  @Override
  public String toString() {
    return "LabelSet[" + id + " " + classNames + "]";
  }
}
