package dev.scenelabeler.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.CamVid;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.SceneModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs ../shared/camvid; skipped with a message where it is absent. */
class CamVidTrainingIT {

  @Test
  void shouldTrainTwoBatchesFromThePretrainedEncoderAndWriteALoadableModelWithReports(
      @TempDir Path out) throws Exception {
    Path data = CamVid.dirOrSkip();
    TrainingOptions options =
        new TrainingOptions(
            data,
            out,
            "mobilenetv2-fusion",
            1,
            2,
            160,
            128,
            128,
            96,
            0.002f,
            1e-4f,
            2,
            50,
            3,
            false,
            DeviceSpec.cpu(),
            "smoke",
            "test",
            Augmentation.Settings.WIDE,
            1.10,
            Path.of("pretrained/mobilenetv2-imagenet.params"),
            Photometric.Settings.CAMERAS,
            null,
            List.of("train"));
    TrainingResult result =
        new TrainingRun(options, new PrintStream(PrintStream.nullOutputStream())).run();

    assertThat(result.batchesTrained()).isEqualTo(2);
    assertThat(result.history()).hasSize(1);
    assertThat(result.last().trainLoss()).isFinite().isPositive();
    assertThat(out.resolve("metrics.json")).exists();
    assertThat(out.resolve("training-curves.png")).exists();
    assertThat(out.resolve("checkpoint/state.json")).exists();
    assertThat(out.resolve("best/model.onnx")).exists();
    try (var model = SceneModel.load(result.modelDir(), DeviceSpec.cpu())) {
      assertThat(model.engine()).isEqualTo(InferenceEngine.ONNX_RUNTIME);
      assertThat(model.info().modelId()).isEqualTo("smoke");
      assertThat(model.info().inputWidth()).isEqualTo(160);
    }
  }
}
