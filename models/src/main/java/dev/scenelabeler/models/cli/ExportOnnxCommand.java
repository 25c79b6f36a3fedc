package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.SceneModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-onnx", mixinStandardHelpOptions = true,
    description = {"Writes the ONNX graph (opset 17, batch norm folded, labels and confidence computed in the graph) "
        + "of a mobilenetv2-fusion model from its DJL parameters. 'train' writes it with every checkpoint; this "
        + "command makes it again, e.g. after editing weights.",
        "Example: ./scene-labeler export-onnx --model runs/mnv2/best"})
public final class ExportOnnxCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "model directory (model.json + weights.params)")
  Path modelDir;

  @Option(names = "--out", description = "ONNX file to write (default: MODEL/model.onnx)")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path target = out != null ? out : modelDir.resolve(SceneModel.ONNX_FILE);
    try (SceneModel model = SceneModel.load(modelDir, DeviceSpec.cpu(), InferenceEngine.PYTORCH)) {
      model.exportOnnx(target);
    }
    System.out.printf("Wrote %s (%,d bytes)%n", target, Files.size(target));
    return 0;
  }
}
