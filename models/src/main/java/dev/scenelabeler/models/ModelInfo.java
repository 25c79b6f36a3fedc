package dev.scenelabeler.models;

import java.util.List;

/**
 * What a loaded model is: its id and version (carried in every mask record), the network, the label
 * set it was trained with (read from its {@code model.json}), and the input size frames are resized
 * to (pixels).
 */
public record ModelInfo(
    String modelId,
    String modelVersion,
    String network,
    LabelSet labelSet,
    int inputWidth,
    int inputHeight,
    long parameterCount) {

  public String labelSetId() {
    return labelSet.id();
  }

  public List<String> classNames() {
    return labelSet.names();
  }

  /** A copy of the palette as 0xRRGGBB per class. */
  public int[] paletteRgb() {
    return labelSet.paletteRgb();
  }
}
