package dev.scenelabeler.models.net;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The named networks a model can be: the first generation's multi-scale configurations ({@link
 * NetworkConfig}) and the second generation's {@link MobileFusionNet}.
 */
public final class Networks {

  /** The network {@code train} builds when none is named. */
  public static final String DEFAULT = MobileFusionNet.NAME;

  private Networks() {}

  public static List<String> names() {
    List<String> names = new ArrayList<>(NetworkConfig.names());
    names.add(MobileFusionNet.NAME);
    return names;
  }

  /** Canonical (lower-case) name; throws IllegalArgumentException naming the known ones. */
  public static String canonical(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (!names().contains(key)) {
      throw new IllegalArgumentException("unknown network '" + name + "'; known: " + names());
    }
    return key;
  }

  public static boolean isSecondGeneration(String name) {
    return MobileFusionNet.NAME.equals(name);
  }

  /** A new, uninitialised network of that name with {@code numClasses} outputs. */
  public static AbstractBlock create(String name, int numClasses) {
    String key = canonical(name);
    return isSecondGeneration(key)
        ? new MobileFusionNet(numClasses)
        : new MultiScaleNet(NetworkConfig.named(key), numClasses);
  }

  /** Multiply-accumulates of one forward pass over a (height x width) frame. */
  public static long macsPerFrame(Block net, int numClasses, long height, long width) {
    if (net instanceof MobileFusionNet mobile) {
      return mobile.macsPerFrame(height, width);
    }
    if (net instanceof MultiScaleNet multi) {
      return MultiScaleNet.macsPerFrame(multi.config(), numClasses, height, width);
    }
    throw new IllegalArgumentException("no MAC count for " + net.getClass().getSimpleName());
  }

  /** Input sides must be multiples of this (1: any size). */
  public static int sizeMultiple(String name) {
    return isSecondGeneration(canonical(name)) ? 1 : NetworkConfig.named(name).sizeMultiple();
  }
}
