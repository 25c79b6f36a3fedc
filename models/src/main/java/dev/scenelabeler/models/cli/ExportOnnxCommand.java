package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.SceneModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "export-onnx",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the ONNX graph (opset 17, batch norm folded, labels and confidence computed in the"
          + " graph) of a mobilenetv2-fusion model from its DJL parameters. 'train' writes it with"
          + " every checkpoint; this command makes it again, e.g. after editing weights.",
      "Example: ./scene-labeler export-onnx --model runs/mnv2/best"
    })
public final class ExportOnnxCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      paramLabel = ModelSource.PARAM_LABEL,
      converter = ModelOptions.ModelSourceConverter.class,
      description = ModelSource.FORMS)
  ModelSource model;

  @Option(
      names = "--out",
      description = "ONNX file to write (default: MODEL/model.onnx for a model directory)")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path target =
        out != null
            ? out
            : model
                .directoryPath()
                .map(dir -> dir.resolve(SceneModel.ONNX_FILE))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--out is needed for --model "
                                + model
                                + " (only a model directory has a place for model.onnx)"));
    // The export reads the DJL parameters, which only the PyTorch engine loads.
    try (SceneModel loaded = model.open(DeviceSpec.cpu(), InferenceEngine.PYTORCH)) {
      loaded.exportOnnx(target);
    }
    System.out.printf("Wrote %s (%,d bytes)%n", target, Files.size(target));
    return 0;
  }
}
