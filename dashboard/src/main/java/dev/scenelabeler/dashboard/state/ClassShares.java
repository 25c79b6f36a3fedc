package dev.scenelabeler.dashboard.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class shares by class name. Records carry shares in two shapes: a mask record as an array in its
 * label set's order, a stats record as a JSON object whose key order is whatever its writer wrote.
 * Everything the dashboard computes and shows goes by name, never by position.
 */
public final class ClassShares {

  private ClassShares() {}

  /** The shares of a mask record: its fractions, index-aligned with its own class names. */
  public static Map<String, Float> of(List<String> classNames, float[] fractions) {
    if (classNames.size() != fractions.length) {
      throw new IllegalArgumentException(
          fractions.length
              + " class fractions for "
              + classNames.size()
              + " class names "
              + classNames);
    }
    Map<String, Float> shares = new LinkedHashMap<>();
    for (int i = 0; i < fractions.length; i++) {
      shares.put(classNames.get(i), fractions[i]);
    }
    return Collections.unmodifiableMap(shares);
  }
}
