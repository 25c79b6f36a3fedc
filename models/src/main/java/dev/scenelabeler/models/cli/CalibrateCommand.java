package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.net.MobileFusionNet;
import dev.scenelabeler.models.train.PriorCorrection;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Fits one score offset per class on the TRAIN split (logit adjustment: undoes the class prior"
          + " that class weights and pedestrian-centred crops taught) and writes the model with the"
          + " offsets folded into its last layer (DJL parameters and model.onnx). Val is not used.",
      "Example: ./scene-labeler calibrate --data ../shared/camvid --model runs/mnv2/best --out"
          + " runs/mnv2/calibrated"
    })
public final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "CamVid-layout folder")
  Path data;

  @Option(
      names = "--model",
      required = true,
      paramLabel = ModelSource.PARAM_LABEL,
      converter = ModelOptions.ModelSourceConverter.class,
      description = "a mobilenetv2-fusion model: " + ModelSource.FORMS)
  ModelSource modelSource;

  @Option(names = "--out", required = true, description = "where to write the calibrated model")
  Path out;

  @Override
  public Integer call() throws Exception {
    OpenCv.load();
    CamVidSplit train = CamVidSplit.read(data, "train", 1);
    PriorCorrection correction;
    try (SceneModel fast = modelSource.open(DeviceSpec.cpu(), InferenceEngine.ONNX_RUNTIME)) {
      correction = PriorCorrection.collect(fast, train);
    }
    float[] offsets = correction.fit(System.out);
    try (SceneModel model = modelSource.open(DeviceSpec.cpu(), InferenceEngine.PYTORCH)) {
      if (!(model.network() instanceof MobileFusionNet net)) {
        throw new IllegalArgumentException(
            "--model " + modelSource + " is not a " + MobileFusionNet.NAME + " model");
      }
      net.addScoreOffsets(offsets);
      model.save(
          out,
          "priorCorrection",
          Map.of(
              "method",
              "logit adjustment fitted on the train split (coordinate search, best train mIoU(5) at"
                  + " stride 4)",
              "offsets",
              offsets));
    }
    System.out.printf("Wrote %s with offsets %s%n", out, Arrays.toString(offsets));
    return 0;
  }
}
