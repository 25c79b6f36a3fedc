package dev.scenelabeler.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scenelabeler.models.net.NetworkConfig;
import dev.scenelabeler.models.net.Networks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: everything needed to rebuild and use a trained network besides its weights:
 * the network configuration, label set and palette, input size and normalisation.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(
    int formatVersion,
    String modelId,
    String modelVersion,
    NetworkSpec network,
    LabelSetSpec labelSet,
    InputSpec input,
    String normalisation,
    String weights,
    long parameterCount,
    Map<String, Object> training) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "model.json";
  public static final String WEIGHTS_FILE = "weights.params";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static final String NORMALISATION =
      "in-network: BGR bytes -> YUV (BT.601) -> pyramid at 1, 1/2, 1/4 (area) -> per-channel local "
          + "contrast normalisation over 15x15 (zero mean, unit deviation, deviation floored)";
  public static final String NORMALISATION_MOBILE =
      "in-network: BGR bytes -> RGB / 127.5 - 1 (MobileNetV2's ImageNet range); scores at stride 4,"
          + " resized once to the frame";

  /** The first generation's fields are absent for the second, which is described by its name. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @com.fasterxml.jackson.annotation.JsonInclude(JsonInclude.Include.NON_DEFAULT)
  public record NetworkSpec(
      String name,
      int[] trunkChannels,
      int kernelSize,
      String activation,
      boolean batchNorm,
      int classifierHidden,
      int pyramidLevels,
      int contrastWindow) {

    /** A network described by its name alone (the second generation has no variable shape). */
    static NetworkSpec named(String name) {
      return new NetworkSpec(name, null, 0, null, false, 0, 0, 0);
    }

    public boolean secondGeneration() {
      return Networks.isSecondGeneration(name);
    }

    static NetworkSpec of(NetworkConfig c) {
      return new NetworkSpec(
          c.name(),
          c.trunkChannels(),
          c.kernelSize(),
          c.activation().name(),
          c.batchNorm(),
          c.classifierHidden(),
          c.pyramidLevels(),
          c.contrastWindow());
    }

    NetworkConfig toConfig() {
      if (secondGeneration()) {
        throw new IllegalStateException(name + " has no multi-scale configuration");
      }
      return new NetworkConfig(
          name,
          trunkChannels,
          kernelSize,
          NetworkConfig.Activation.valueOf(activation),
          batchNorm,
          classifierHidden,
          pyramidLevels,
          contrastWindow);
    }
  }

  /**
   * The label set as {@code model.json} keeps it; {@code namedClasses} is absent in files written
   * before it existed, which named every class but the last ("other").
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LabelSetSpec(
      String id, List<String> classes, List<String> palette, int voidLabel, Integer namedClasses) {
    static LabelSetSpec of(LabelSet labels) {
      return new LabelSetSpec(
          labels.id(), labels.names(), labels.hexPalette(), LabelSet.VOID, labels.namedClasses());
    }

    /**
     * @throws IllegalArgumentException naming what is inconsistent
     */
    LabelSet toLabelSet() {
      if (voidLabel != LabelSet.VOID) {
        throw new IllegalArgumentException(
            "label set " + id + " marks void as " + voidLabel + ", masks use " + LabelSet.VOID);
      }
      int named =
          namedClasses != null
              ? namedClasses
              : classes == null ? 0 : Math.max(1, classes.size() - 1);
      return LabelSet.fromHexPalette(id, classes, palette, named);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InputSpec(int width, int height, String channelOrder, String resize) {}

  public static ModelDescriptor describe(
      String modelId,
      String modelVersion,
      NetworkConfig network,
      LabelSet labels,
      int inputWidth,
      int inputHeight,
      long parameterCount,
      Map<String, Object> training) {
    return new ModelDescriptor(
        FORMAT_VERSION,
        modelId,
        modelVersion,
        NetworkSpec.of(network),
        LabelSetSpec.of(labels),
        new InputSpec(inputWidth, inputHeight, "BGR", "bilinear"),
        NORMALISATION,
        WEIGHTS_FILE,
        parameterCount,
        training);
  }

  /** This descriptor with another parameter count. */
  public ModelDescriptor withParameterCount(long count) {
    return new ModelDescriptor(
        formatVersion,
        modelId,
        modelVersion,
        network,
        labelSet,
        input,
        normalisation,
        weights,
        count,
        training);
  }

  /** This descriptor with other training facts. */
  public ModelDescriptor withTraining(Map<String, Object> facts) {
    return new ModelDescriptor(
        formatVersion,
        modelId,
        modelVersion,
        network,
        labelSet,
        input,
        normalisation,
        weights,
        parameterCount,
        facts);
  }

  /** A descriptor of a second-generation network (which has no configuration beyond its name). */
  public static ModelDescriptor describe(
      String modelId,
      String modelVersion,
      String networkName,
      LabelSet labels,
      int inputWidth,
      int inputHeight,
      long parameterCount,
      Map<String, Object> training) {
    if (!Networks.isSecondGeneration(networkName)) {
      return describe(
          modelId,
          modelVersion,
          NetworkConfig.named(networkName),
          labels,
          inputWidth,
          inputHeight,
          parameterCount,
          training);
    }
    return new ModelDescriptor(
        FORMAT_VERSION,
        modelId,
        modelVersion,
        NetworkSpec.named(networkName),
        LabelSetSpec.of(labels),
        new InputSpec(inputWidth, inputHeight, "BGR", "bilinear"),
        NORMALISATION_MOBILE,
        WEIGHTS_FILE,
        parameterCount,
        training);
  }

  /**
   * The first generation's configuration; IllegalStateException for a second-generation network.
   */
  public NetworkConfig networkConfig() {
    return network.toConfig();
  }

  /** Reads and checks a descriptor; errors name the source and what is wrong. */
  public static ModelDescriptor read(InputStream in, String source) throws IOException {
    ModelDescriptor d;
    try {
      d = JSON.readValue(in, ModelDescriptor.class);
    } catch (IOException e) {
      String where =
          e instanceof JsonProcessingException j && j.getLocation() != null
              ? " (line "
                  + j.getLocation().getLineNr()
                  + ", column "
                  + j.getLocation().getColumnNr()
                  + ")"
              : "";
      throw new IOException(
          source + " is not a valid model description" + where + ": " + getOriginalMessage(e), e);
    }
    d.check(source);
    return d;
  }

  private void check(String source) throws IOException {
    if (formatVersion != FORMAT_VERSION) {
      throw new IOException(
          source + " has format version " + formatVersion + ", this build reads " + FORMAT_VERSION);
    }
    if (network == null || labelSet == null || input == null) {
      throw new IOException(source + " lacks one of 'network', 'labelSet', 'input'");
    }
    try {
      labelSet.toLabelSet();
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
    if (!Networks.names().contains(network.name())) {
      throw new IOException(
          source
              + " describes network '"
              + network.name()
              + "'; this build knows "
              + Networks.names());
    }
    int multiple = network.secondGeneration() ? 1 : networkConfig().sizeMultiple();
    if (input.width() <= 0
        || input.height() <= 0
        || input.width() % multiple != 0
        || input.height() % multiple != 0) {
      throw new IOException(
          source
              + " input size "
              + input.width()
              + "x"
              + input.height()
              + " must be positive multiples of "
              + multiple);
    }
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
  }

  /** The label set this model was trained with (checked when the descriptor was read). */
  public LabelSet labels() {
    return labelSet.toLabelSet();
  }

  public ModelInfo toInfo() {
    return new ModelInfo(
        modelId,
        modelVersion,
        network.name(),
        labels(),
        input.width(),
        input.height(),
        parameterCount);
  }

  private static String getOriginalMessage(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }
}
