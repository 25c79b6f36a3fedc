package dev.scenelabeler.models.net;

import java.util.Arrays;

/**
 * The range each quantized activation of the int8 graph takes on calibration frames, in the order
 * {@link OnnxExport#exportProbed} names them ({@code act_0, act_1, ...}); from these come each
 * activation's uint8 scale and zero point.
 *
 * @param min the lowest value of each activation
 * @param max the highest value of each activation
 */
public record ActivationRanges(float[] min, float[] max) {

  public ActivationRanges {
    if (min.length != max.length) {
      throw new IllegalArgumentException(min.length + " minima but " + max.length + " maxima");
    }
    for (int i = 0; i < min.length; i++) {
      if (!Float.isFinite(min[i]) || !Float.isFinite(max[i]) || min[i] > max[i]) {
        throw new IllegalArgumentException(
            "activation act_" + i + " has no usable range: [" + min[i] + ", " + max[i] + "]");
      }
    }
    min = min.clone();
    max = max.clone();
  }

  public int size() {
    return min.length;
  }

  /** The uint8 scale of activation {@code i}: its range, widened to hold 0, over 255 steps. */
  float scale(int i) {
    float lo = Math.min(min[i], 0f);
    float hi = Math.max(max[i], 0f);
    return Math.max(hi - lo, 1e-6f) / 255f;
  }

  /** The uint8 value that stands for 0.0 in activation {@code i}. */
  int zeroPoint(int i) {
    return Math.round(Math.max(0, Math.min(255, -Math.min(min[i], 0f) / scale(i))));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActivationRanges other
        && Arrays.equals(min, other.min)
        && Arrays.equals(max, other.max);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(min) + Arrays.hashCode(max);
  }

  @Override
  public String toString() {
    return "ActivationRanges[" + min.length + " activations]";
  }
}
