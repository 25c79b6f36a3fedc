package dev.scenelabeler.models;

import dev.scenelabeler.models.net.Networks;
import dev.scenelabeler.models.quant.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model to label with, as {@code --model} writes it in every command and the jobs' {@code
 * model} key in a properties file: {@code default} (the committed model), a model directory, or
 * {@code untrained:NETWORK[:SEED]} (seeded weights, to check the plumbing). {@link #parse} is the
 * one parser of that text; {@link #engine} the one choice of engine.
 *
 * <p>Serializable (the directory kept as text), so it travels with a Flink job.
 *
 * @param directory the absolute model directory, for {@link Kind#DIRECTORY} only
 * @param network the canonical network name, for {@link Kind#UNTRAINED} only
 * @param seed the weights' seed, for {@link Kind#UNTRAINED} only
 */
public record ModelSource(Kind kind, String directory, String network, long seed)
    implements Serializable {

  public enum Kind {
    DEFAULT,
    DIRECTORY,
    UNTRAINED
  }

  /** The forms {@link #parse} reads, for help texts. */
  public static final String FORMS =
      "'default' (the committed model), a model directory, or "
          + "'untrained:NETWORK[:SEED]' (seeded weights, to check the plumbing)";

  public static final String PARAM_LABEL = "DIR|default|untrained:NET[:SEED]";

  /** The seed of {@code untrained:NETWORK} when none is written. */
  public static final long DEFAULT_SEED = 42;

  private static final String UNTRAINED = "untrained:";

  public ModelSource {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.DIRECTORY) != (directory != null)
        || (kind == Kind.UNTRAINED) != (network != null)) {
      throw new IllegalArgumentException(
          "a " + kind + " model source with directory " + directory + " and network " + network);
    }
  }

  public static ModelSource defaultModel() {
    return new ModelSource(Kind.DEFAULT, null, null, 0);
  }

  /** A model directory ({@code model.json} and weights); not checked until loaded. */
  public static ModelSource directory(Path dir) {
    return new ModelSource(Kind.DIRECTORY, dir.toAbsolutePath().normalize().toString(), null, 0);
  }

  /** An untrained network with deterministic weights: same seed, same masks. */
  public static ModelSource untrained(String network, long seed) {
    return new ModelSource(Kind.UNTRAINED, null, Networks.canonical(network), seed);
  }

  /**
   * Reads {@code default} (also blank), {@code untrained:NETWORK[:SEED]} (seed {@value
   * #DEFAULT_SEED} if left out) or an existing model directory.
   *
   * @throws IllegalArgumentException quoting {@code text} and saying which forms are allowed
   */
  public static ModelSource parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty() || s.equals("default")) {
      return defaultModel();
    }
    if (s.startsWith(UNTRAINED)) {
      return parseUntrained(s);
    }
    Path dir = Path.of(s);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a model directory ("
              + dir.toAbsolutePath()
              + " does not exist); expected "
              + FORMS);
    }
    return directory(dir);
  }

  private static ModelSource parseUntrained(String s) {
    String[] parts = s.split(":", -1);
    if (parts.length > 3 || parts[1].isBlank()) {
      throw new IllegalArgumentException("expected untrained:NETWORK[:SEED], got '" + s + "'");
    }
    long seed = DEFAULT_SEED;
    if (parts.length == 3) {
      try {
        seed = Long.parseLong(parts[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "seed '" + parts[2] + "' in '" + s + "' is not a whole number");
      }
    }
    try {
      return untrained(parts[1], seed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + s + "': " + e.getMessage(), e);
    }
  }

  /**
   * The engine that will run this model when {@code requested} is asked for (null: none asked for):
   * the one place the engine is chosen, for loading and for counting the engine's GPUs before
   * loading. Reads {@code model.json} of a trained model.
   *
   * @throws IllegalArgumentException for ONNX Runtime asked of an untrained network (no ONNX graph)
   * @throws UncheckedIOException when model.json cannot be read
   */
  public InferenceEngine engine(InferenceEngine requested) {
    if (kind == Kind.UNTRAINED) {
      if (requested == InferenceEngine.ONNX_RUNTIME) {
        throw new IllegalArgumentException(
            "engine onnxruntime cannot run '"
                + this
                + "': an untrained network has no ONNX graph; use pytorch or leave the engine out");
      }
      return InferenceEngine.PYTORCH;
    }
    return SceneModel.chooseEngine(descriptor(), requested);
  }

  /** The descriptor of a trained model (the committed default or a directory's model.json). */
  public ModelDescriptor descriptor() {
    if (kind == Kind.UNTRAINED) {
      throw new IllegalStateException("an untrained network has no model.json");
    }
    if (kind == Kind.DEFAULT) {
      return CommittedModels.defaultDescriptor();
    }
    Path json = Path.of(directory).resolve(ModelDescriptor.FILE_NAME);
    try (InputStream in = Files.newInputStream(json)) {
      return ModelDescriptor.read(in, json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + json + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads this model on {@code device}, on the engine {@link #engine} chooses; the caller closes
   * it.
   */
  public SceneModel open(DeviceSpec device, InferenceEngine requested) {
    return open(device, requested, Precision.FP32);
  }

  /**
   * As above, in {@code precision} on ONNX Runtime; an untrained network is fp32 (it has no int8
   * graph).
   */
  public SceneModel open(DeviceSpec device, InferenceEngine requested, Precision precision) {
    return switch (kind) {
      case DEFAULT -> SceneModel.loadDefault(device, requested, precision);
      case DIRECTORY -> SceneModel.load(Path.of(directory), device, requested, precision);
      case UNTRAINED -> {
        engine(requested); // refuses ONNX Runtime
        yield SceneModel.untrained(network, seed, device);
      }
    };
  }

  /** The model directory, for {@link Kind#DIRECTORY}. */
  public Optional<Path> directoryPath() {
    return Optional.ofNullable(directory).map(Path::of);
  }

  /** For logs: "default model", "model DIR", "untrained NETWORK (seed N)". */
  public String describe() {
    return switch (kind) {
      case DEFAULT -> "default model";
      case DIRECTORY -> "model " + directory;
      case UNTRAINED -> "untrained " + network + " (seed " + seed + ")";
    };
  }

  /** The text {@link #parse} reads back as this source. */
  @Override
  public String toString() {
    return switch (kind) {
      case DEFAULT -> "default";
      case DIRECTORY -> directory;
      case UNTRAINED -> UNTRAINED + network + ":" + seed;
    };
  }
}
