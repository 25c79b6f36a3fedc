package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.WorkingSize;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The model, device, engine and working-size options shared by every command that labels. */
public final class ModelOptions {

  @Option(names = "--model", description = "model directory (model.json + weights); default: the committed model")
  Path modelDir;

  @Option(names = "--device", defaultValue = "auto", description = "auto (GPU if the engine sees one), cpu or gpu:N")
  String device;

  @Option(names = "--engine", description = "onnxruntime or pytorch (default: onnxruntime where the model has an "
      + "ONNX graph, the faster; pytorch for the first-generation networks)")
  String engine;

  @Option(names = WorkingSize.FLAG, paramLabel = WorkingSize.PARAM_LABEL, defaultValue = "trained",
      converter = WorkingSizeConverter.class, description = WorkingSize.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
  WorkingSize workingSize = WorkingSize.trained();

  /** Reads {@link WorkingSize#parse}; its message, which names the value, is what the user sees. */
  static final class WorkingSizeConverter implements ITypeConverter<WorkingSize> {
    @Override
    public WorkingSize convert(String value) {
      try {
        return WorkingSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  public SceneModel open() {
    DeviceSpec spec = DeviceSpec.parse(device);
    InferenceEngine chosen = engine == null ? null : InferenceEngine.parse(engine);
    return modelDir == null ? SceneModel.loadDefault(spec, chosen) : SceneModel.load(modelDir, spec, chosen);
  }

  /** A labeler of {@code model} at the {@code --working-size} asked for. */
  public SceneLabeler newLabeler(SceneModel model) {
    return model.newLabeler(workingSize);
  }

  public WorkingSize workingSize() {
    return workingSize;
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
