package dev.scenelabeler.models.net;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A named configuration of the multi-scale network. {@code farabet2013} is the baseline of Farabet,
 * Couprie, Najman and LeCun (PAMI 2013); the others are measured variants of it.
 *
 * @param trunkChannels output maps of the three 7x7 convolution stages
 * @param classifierHidden width of the hidden 1x1 layer of the per-pixel classifier, 0 for a linear
 *     classifier as in the paper
 */
public record NetworkConfig(
    String name,
    int[] trunkChannels,
    int kernelSize,
    Activation activation,
    boolean batchNorm,
    int classifierHidden,
    int pyramidLevels,
    int contrastWindow) {

  public enum Activation {
    TANH,
    RELU
  }

  /** The paper's network: 16/64/256 maps, tanh, no normalisation layers, linear classifier. */
  public static final NetworkConfig FARABET2013 =
      new NetworkConfig(
          "farabet2013", new int[] {16, 64, 256}, 7, Activation.TANH, false, 0, 3, 15);

  /**
   * The same trunk with batch normalisation and ReLU, and a one-hidden-layer classifier: trains
   * several times faster on a CPU budget, at the same cost per frame.
   */
  public static final NetworkConfig MULTISCALE_BN =
      new NetworkConfig(
          "multiscale-bn", new int[] {16, 64, 256}, 7, Activation.RELU, true, 64, 3, 15);

  private static final List<NetworkConfig> NAMED = List.of(FARABET2013, MULTISCALE_BN);

  public NetworkConfig {
    if (trunkChannels.length != 3) {
      throw new IllegalArgumentException(
          "the trunk has 3 stages, got " + trunkChannels.length + " widths");
    }
    if (kernelSize % 2 != 1) {
      throw new IllegalArgumentException(
          "kernel size must be odd to keep feature maps aligned, got " + kernelSize);
    }
    if (pyramidLevels < 1 || contrastWindow % 2 != 1) {
      throw new IllegalArgumentException("pyramid levels must be >= 1 and the contrast window odd");
    }
    trunkChannels = trunkChannels.clone();
  }

  public static NetworkConfig named(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return NAMED.stream()
        .filter(c -> c.name.equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("unknown network '" + name + "'; known: " + names()));
  }

  public static List<String> names() {
    return NAMED.stream().map(NetworkConfig::name).toList();
  }

  @Override
  public int[] trunkChannels() {
    return trunkChannels.clone();
  }

  /** Feature maps per location after concatenating all pyramid levels. */
  public int concatenatedFeatures() {
    return trunkChannels[2] * pyramidLevels;
  }

  /** Input height and width must be multiples of this (two 2x2 poolings at the coarsest level). */
  public int sizeMultiple() {
    return 4 << (pyramidLevels - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkConfig c
        && name.equals(c.name)
        && Arrays.equals(trunkChannels, c.trunkChannels)
        && kernelSize == c.kernelSize
        && activation == c.activation
        && batchNorm == c.batchNorm
        && classifierHidden == c.classifierHidden
        && pyramidLevels == c.pyramidLevels
        && contrastWindow == c.contrastWindow;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
