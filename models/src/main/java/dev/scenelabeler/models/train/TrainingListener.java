package dev.scenelabeler.models.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link TrainingRun} reports, in the order it happens. Every method does nothing by
 * default, so a listener overrides only what it shows ({@link ConsoleTrainingListener} shows all).
 */
public interface TrainingListener {

  /**
   * @param lossLabels names of the label values the loss weighs (the label set's classes, and any
   *     kind of a class weighed on its own)
   * @param frequencies each label value's share of labelled train pixels, 0..1
   * @param weights the loss weight of each label value
   */
  default void onStart(
      TrainingOptions options,
      String network,
      List<String> lossLabels,
      int trainFrames,
      int valFrames,
      double[] frequencies,
      float[] weights) {}

  default void onPretrained(Path file, int arraysCopied) {}

  /** Every weight was loaded from a saved model before the first epoch (a fine-tune). */
  default void onInit(Path weights, int arraysCopied) {}

  default void onResume(Path checkpointDir, int epochsCompleted, int batchesTrained) {}

  /**
   * @param macsPerFrame multiply-accumulates of one forward pass at the input size
   */
  default void onNetwork(long parameterCount, long macsPerFrame) {}

  default void onEpochStart(int epoch, int epochs, int batches) {}

  /**
   * After each training batch.
   *
   * @param meanLoss mean loss over the epoch's batches so far
   * @param pixelAccuracy over the epoch's augmented crops so far, 0..1
   */
  default void onBatch(int batch, double meanLoss, double pixelAccuracy, float learningRate) {}

  default void onEpochEnd() {}

  /** After validation, before the checkpoint is written. */
  default void onEpoch(TrainingResult.EpochMetrics metrics) {}

  default void onBest(int epoch, Path dir) {}

  default void onReportsWritten(Path outDir) {}
}
