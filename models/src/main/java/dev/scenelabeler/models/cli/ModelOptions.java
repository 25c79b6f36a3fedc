package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.SceneModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model, device and engine options shared by every command that labels. */
public final class ModelOptions {

  @Option(names = "--model", description = "model directory (model.json + weights); default: the committed model")
  Path modelDir;

  @Option(names = "--device", defaultValue = "auto", description = "auto (GPU if the engine sees one), cpu or gpu:N")
  String device;

  @Option(names = "--engine", description = "onnxruntime or pytorch (default: onnxruntime where the model has an "
      + "ONNX graph, the faster; pytorch for the first-generation networks)")
  String engine;

  public SceneModel open() {
    DeviceSpec spec = DeviceSpec.parse(device);
    InferenceEngine chosen = engine == null ? null : InferenceEngine.parse(engine);
    return modelDir == null ? SceneModel.loadDefault(spec, chosen) : SceneModel.load(modelDir, spec, chosen);
  }

  public String device() {
    return device;
  }

  /** The --engine value as given, or null. */
  public String engine() {
    return engine;
  }

  public Path modelDir() {
    return modelDir;
  }
}
