package dev.scenelabeler.models.train;

import java.nio.file.Path;
import java.util.List;

/** What a training run did and where it left its model, for tests and the command line. */
public record TrainingResult(
    Path modelDir,
    int epochsCompleted,
    int batchesTrained,
    long parameterCount,
    List<EpochMetrics> history) {

  /** One epoch: mean training loss and pixel accuracy, validation mIoU (NaN when not measured). */
  public record EpochMetrics(
      int epoch,
      double trainLoss,
      double trainPixelAccuracy,
      double valPixelAccuracy,
      double valMeanIouNamed,
      double valMeanIouAll,
      double[] valIou,
      double seconds,
      float learningRate) {}

  public EpochMetrics last() {
    return history.get(history.size() - 1);
  }
}
