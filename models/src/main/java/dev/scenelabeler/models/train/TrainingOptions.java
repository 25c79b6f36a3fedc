package dev.scenelabeler.models.train;

import dev.scenelabeler.models.DeviceSpec;
import java.nio.file.Path;

/**
 * Settings of one training run, parsed once.
 *
 * @param maxBatches stop after this many batches in all (0 = no limit): CI's smoke test trains two
 * @param valStride evaluate every n-th validation frame after each epoch (monitoring only; the
 *     shipped weights are those of the last epoch, never picked by validation score)
 */
public record TrainingOptions(
    Path dataDir,
    Path outDir,
    String network,
    int epochs,
    int batchSize,
    int inputWidth,
    int inputHeight,
    int cropWidth,
    int cropHeight,
    float learningRate,
    float weightDecay,
    int maxBatches,
    int valStride,
    long seed,
    boolean resume,
    DeviceSpec device,
    String modelId,
    String modelVersion) {

  public TrainingOptions {
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("epochs and batch size must be >= 1, got " + epochs + " and " + batchSize);
    }
    if (learningRate <= 0) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
  }
}
