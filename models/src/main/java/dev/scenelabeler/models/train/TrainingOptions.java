package dev.scenelabeler.models.train;

import dev.scenelabeler.models.DeviceSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of one training run, parsed once.
 *
 * @param maxBatches stop after this many batches in all (0 = no limit): CI's smoke test trains two
 * @param valStride evaluate every n-th validation frame after each epoch; OUT/best keeps the epoch
 *     with the highest val mIoU over the five named classes (val chooses; it is never trained on)
 * @param augmentation jitter of the training crops
 * @param enetC the constant c of ENet's class weights 1 / ln(c + p) (Paszke et al. 2016 use 1.02;
 *     larger c gives rare classes less extra weight)
 * @param pretrained DJL parameters whose encoder weights start the network (null: from scratch)
 * @param photometric colour jitter and camera effects on the training crops ({@link Photometric})
 * @param trainSplits the splits trained on, e.g. {@code [train]}, or {@code [train, val]} for the
 *     model that is shipped once a train-only twin fixed the recipe and epoch count (val scores
 *     printed during such a run are not held out)
 * @param init a saved model of the same network whose weights start the run, all of them (null:
 *     none); a fine-tune, where {@code pretrained} starts only the encoder
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
    String modelVersion,
    Augmentation.Settings augmentation,
    double enetC,
    Path pretrained,
    Photometric.Settings photometric,
    Path init,
    List<String> trainSplits) {

  public TrainingOptions {
    trainSplits = List.copyOf(trainSplits);
    if (trainSplits.isEmpty()) {
      throw new IllegalArgumentException("no split to train on");
    }
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "epochs and batch size must be >= 1, got " + epochs + " and " + batchSize);
    }
    if (learningRate <= 0) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
  }
}
