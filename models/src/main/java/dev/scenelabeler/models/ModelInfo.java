package dev.scenelabeler.models;

import java.util.List;

/**
 * What a loaded model is: its id and version (carried in every mask record), the network
 * configuration, the label set, and the input size frames are resized to.
 */
public record ModelInfo(
    String modelId,
    String modelVersion,
    String network,
    String labelSetId,
    List<String> classNames,
    int[] paletteRgb,
    int inputWidth,
    int inputHeight,
    long parameterCount) {}
