package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.Evaluation;
import dev.scenelabeler.models.eval.EvaluationReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Scores a model on a CamVid-layout split at the label maps' native resolution: pixel accuracy, "
        + "per-class accuracy and IoU, mean IoU over the 5 named classes and over all 6, a confusion matrix.",
        "Writes OUT/report.json, OUT/confusion.txt and OUT/confusion.png.",
        "Example: ./scene-labeler evaluate --data ../shared/camvid --split val"})
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "CamVid-layout folder") Path data;
  @Option(names = "--split", defaultValue = "val", description = "split folder name (default: ${DEFAULT-VALUE})")
  String split;
  @Option(names = "--stride", defaultValue = "1", description = "use every n-th frame") int stride;
  @Option(names = "--batch", defaultValue = "1", description = "frames per forward pass") int batch;
  @Option(names = "--out", defaultValue = "runs/evaluate", description = "report folder (default: ${DEFAULT-VALUE})")
  Path out;
  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    CamVidSplit frames = CamVidSplit.read(data, split, stride);
    try (SceneModel loaded = model.open(); SceneLabeler labeler = model.newLabeler(loaded)) {
      System.err.println("Labeling at working size " + labeler.workingSize().describe(loaded.info()));
      EvaluationReport report = Evaluation.run(labeler, frames, data.getFileName().toString(), Math.max(1, batch),
          System.err);
      System.out.print(report.summary());
      System.out.println("Wrote " + report.write(out));
    }
    return 0;
  }
}
