package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.SceneModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model and device options shared by every command that labels. */
public final class ModelOptions {

  @Option(names = "--model", description = "model directory (model.json + weights); default: the committed model")
  Path modelDir;

  @Option(names = "--device", defaultValue = "auto", description = "auto (GPU if the engine sees one), cpu or gpu:N")
  String device;

  public SceneModel open() {
    DeviceSpec spec = DeviceSpec.parse(device);
    return modelDir == null ? SceneModel.loadDefault(spec) : SceneModel.load(modelDir, spec);
  }
}
