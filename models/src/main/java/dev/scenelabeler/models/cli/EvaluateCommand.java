package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.Corruptions;
import dev.scenelabeler.models.eval.Evaluation;
import dev.scenelabeler.models.eval.EvaluationReport;
import dev.scenelabeler.models.eval.RobustnessBenchmark;
import dev.scenelabeler.models.eval.RobustnessReport;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import dev.scenelabeler.models.temporal.VideoSequenceLabeler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a model on a CamVid-layout split at the label maps' native resolution: pixel"
          + " accuracy, per-class accuracy and IoU, mean IoU over the 5 named classes and over all"
          + " 6, a confusion matrix.",
      "Writes OUT/report.json, OUT/confusion.txt and OUT/confusion.png.",
      "With --robustness: the robustness benchmark instead (noise, blur, JPEG, brightness and"
          + " contrast, shadow and",
      "over-exposure at 3 severities; resolution 0.5x/2x/4x, 16:9 and 3:1 crops, a frame upscaled"
          + " from half size),",
      "mIoU(5) and pedestrian IoU per condition and family, to OUT/robustness.json and"
          + " OUT/robustness.txt.",
      "Example: ./scene-labeler evaluate --data ../shared/camvid --split val",
      "         ./scene-labeler evaluate --data ../shared/camvid --split val --robustness --out"
          + " runs/robustness"
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "CamVid-layout folder")
  Path data;

  @Option(
      names = "--split",
      defaultValue = "val",
      description = "split folder name (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--stride", defaultValue = "1", description = "use every n-th frame")
  int stride;

  @Option(names = "--batch", defaultValue = "1", description = "frames per forward pass")
  int batch;

  @Option(
      names = "--out",
      defaultValue = "runs/evaluate",
      description = "report folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--robustness",
      description = "run the robustness benchmark (every corruption and camera change)")
  boolean robustness;

  @Option(
      names = "--families",
      split = ",",
      paramLabel = "FAMILY",
      description =
          "with --robustness, only these families: noise, blur, digital, brightness-contrast,"
              + " exposure, camera (default: all)")
  List<String> families = new ArrayList<>();

  @Option(
      names = TemporalFilterSettings.FLAG,
      paramLabel = TemporalFilterSettings.PARAM_LABEL,
      defaultValue = "off",
      converter = ModelOptions.TemporalFilterConverter.class,
      description =
          "label the split in name order as one video through this temporal filter (default:"
              + " ${DEFAULT-VALUE}, every frame alone, batched)")
  TemporalFilterSettings temporalFilter;

  @Option(
      names = "--sequence-fps",
      defaultValue = "15",
      description =
          "the split's frame rate when labeled as a video (default: ${DEFAULT-VALUE}, CamVid val's"
              + " 0016E5); with --stride N the frames are N/fps seconds apart")
  double sequenceFps;

  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    CamVidSplit frames = CamVidSplit.read(data, split, stride);
    try (SceneModel loaded = model.open();
        SceneLabeler labeler = model.newLabeler(loaded)) {
      System.err.println(
          "Labeling at working size " + labeler.workingSize().describe(loaded.info()));
      if (robustness) {
        RobustnessReport report =
            RobustnessBenchmark.run(
                labeler, frames, Corruptions.of(families), Math.max(1, batch), System.err);
        System.out.print(report.summary());
        System.out.println("Wrote " + report.write(out));
        return 0;
      }
      if (!(sequenceFps > 0)) {
        throw new IllegalArgumentException("--sequence-fps must be positive, got " + sequenceFps);
      }
      System.err.println(
          temporalFilter.isOff()
              ? "Temporal filter off: every frame labeled alone"
              : "Temporal filter "
                  + temporalFilter
                  + ": frames labeled in name order as one video at "
                  + sequenceFps / Math.max(1, stride)
                  + " frames/s");
      EvaluationReport report =
          Evaluation.run(
              labeler,
              frames,
              data.getFileName().toString(),
              Math.max(1, batch),
              temporalFilter.isOff() ? null : new VideoSequenceLabeler(labeler, temporalFilter),
              1000.0 * Math.max(1, stride) / sequenceFps,
              System.err);
      System.out.print(report.summary());
      System.out.println("Wrote " + report.write(out));
    }
    return 0;
  }
}
