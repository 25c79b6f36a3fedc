package dev.scenelabeler.models;

import dev.scenelabeler.models.quant.Precision;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * The models committed inside the models jar: the default one and the first generation's baseline.
 */
final class CommittedModels {

  /** Where the committed default model lives inside the models jar. */
  static final String DEFAULT_RESOURCE_DIR = "/dev/scenelabeler/models/default/";

  /**
   * The first generation's committed model (multiscale-bn), kept as the baseline benchmarks compare
   * with.
   */
  static final String BASELINE_RESOURCE_DIR = "/dev/scenelabeler/models/baseline-multiscale-bn/";

  private CommittedModels() {}

  /** The committed default model's model.json. */
  static ModelDescriptor defaultDescriptor() {
    String source = "default model (classpath " + DEFAULT_RESOURCE_DIR + ")";
    try (InputStream json = resource(DEFAULT_RESOURCE_DIR, ModelDescriptor.FILE_NAME, source)) {
      return ModelDescriptor.read(json, source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model committed in {@code dir} on {@code engine} (null: the model's default engine).
   *
   * @throws UncheckedIOException when the jar lacks the model or a file is unreadable
   */
  static SceneModel load(
      String dir, String what, DeviceSpec device, InferenceEngine engine, Precision precision) {
    String source = what + " (classpath " + dir + ")";
    try (InputStream json = resource(dir, ModelDescriptor.FILE_NAME, source)) {
      ModelDescriptor descriptor = ModelDescriptor.read(json, source);
      InferenceEngine chosen = SceneModel.chooseEngine(descriptor, engine);
      return ModelLoading.load(
          descriptor, name -> resource(dir, name, source), device, source + " ", chosen, precision);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the " + source + ": " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String dir, String name, String source) throws IOException {
    InputStream in = SceneModel.class.getResourceAsStream(dir + name);
    if (in == null) {
      throw new NoSuchFileException(
          source + " lacks " + name + " (was the model committed and the jar built?)");
    }
    return new BufferedInputStream(in);
  }
}
